"""Login, password, language and admin pages."""

from . import Case, expect, public

ADMIN_ONLY = expect(302)  # the admin sends everyone who is not staff to its own login

CASES = [
    Case("dashboard", expected=expect(200)),
    Case("login", expected=public(200) | {p: 302 for p in public() if p not in ("anonymous", "deactivated")}),
    Case("logout", method="post", expected=public(302)),
    Case("password_change", expected=expect(200)),
    Case("password_change_done", expected=expect(200)),
    Case("password_reset", expected=public(200)),
    Case("password_reset_done", expected=public(200)),
    Case(
        "password_reset_confirm",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        expected=public(200),
    ),
    Case("password_reset_complete", expected=public(200)),
    Case("set_language", method="post", data=lambda w: {"language": "uk"}, expected=public(302)),
    Case("admin:index", expected=ADMIN_ONLY),
]
