"""Forms of the People pages and of the invitation link."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import PARTNER_ROLES, Role, User
from coalitions.models import Coalition, Country


def managed_countries(user):
    ids = access.managed_country_ids(user)
    countries = Country.objects.filter(is_recipient=False)
    return countries if ids is None else countries.filter(pk__in=ids)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("For focal points, officers and viewers."),
    )
    group = forms.ModelChoiceField(
        label=_("Observer organisation"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_("For observers."),
    )

    def __init__(self, *args, user, country=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = access.invitable_roles(user)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["country"].queryset = managed_countries(user)
        if country is not None:
            self.fields["country"].initial = country.pk
        if Role.OBSERVER in roles:
            self.fields["group"].queryset = access.observer_groups()
        else:
            del self.fields["group"]
        if not access.is_ministry_admin(user):
            self.fields["country"].empty_label = None
            self.fields["country"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        role, country, group = cleaned.get("role"), cleaned.get("country"), cleaned.get("group")
        if role in PARTNER_ROLES:
            if country is None:
                self.add_error("country", _("Choose the country the person works for."))
            if group is not None:
                self.add_error("group", _("Partners belong to a country, not an observer organisation."))
        if role == Role.OBSERVER:
            if group is None:
                self.add_error("group", _("Choose the observer organisation."))
            if country is not None:
                self.add_error("country", _("Observers belong to an organisation, not a country."))
        return cleaned


class AcceptForm(forms.Form):
    """Name and password of the invited person (the portal's password rules apply)."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What you log in with: letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["username"].initial = invitation.email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (r.value, r.label) for r in access.invitable_roles(user) if r in PARTNER_ROLES
        ]


class ConfirmForm(forms.Form):
    """The access review: tick the people who still need access."""

    people = forms.ModelMultipleChoiceField(
        label=_("Still need access"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the people who still need access.")},
    )

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda p: (
            f"{p.get_full_name() or p.get_username()} ({p.get_username()}, {p.get_role_display()})"
        )


class ObserverOrganisationForm(forms.Form):
    """An observer organisation: its name (when created) and the coalitions it observes."""

    name = forms.CharField(
        label=_("Organisation name"), max_length=150, help_text=_("For example NSATU."), required=False
    )
    coalitions = forms.ModelMultipleChoiceField(
        label=_("Coalitions observed"),
        queryset=Coalition.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Its observers read the approved figures of these coalitions."),
        error_messages={"required": _("Choose at least one coalition to observe.")},
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            del self.fields["name"]
        else:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Enter the organisation's name.")
