"""One date style and one number style per language (``FORMAT_MODULE_PATH``).

Numbers are grouped by thousands everywhere they are shown (``USE_THOUSAND_SEPARATOR``);
form fields are not localised, so ``<input type=number>`` values stay plain digits, and date
inputs read and write ISO dates (the first input format) as ``<input type=date>`` needs.
"""
