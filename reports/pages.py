"""What the reporting cycle's pages share: page size and how a service's errors reach a form."""

from django.contrib import messages

from config.forms import service_errors_add

PAGE_SIZE = 50


def apply_errors(request, form, error):
    """Put a service's ValidationError on the form's fields; one about the whole object
    (its state, a duplicate) becomes a message at the top of the page."""
    if not hasattr(error, "error_dict"):
        messages.error(request, " ".join(error.messages))
        return
    service_errors_add(form, error)
