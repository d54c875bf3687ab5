"""The briefing form: scope (a coalition or all, narrowed to a country), quarters, language."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from coalitions.models import Commitment, Country
from reports import periods
from reports.filters import quarter_choices


class BriefingForm(forms.Form):
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=None, required=False, to_field_name="slug", empty_label=None
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=None,
        required=False,
        to_field_name="code",
        help_text=_("Leave empty for the whole coalition (the ministry, and countries that lead it)."),
    )
    period_from = forms.ChoiceField(label=_("From quarter"))
    period_to = forms.ChoiceField(label=_("To quarter"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    since = forms.DateField(
        label=_("Changes since"),
        required=False,
        help_text=_("Empty: since the previous briefing of the same scope. Format: 2026-10-01."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["coalition"].queryset = access.coalitions_for(user)
        if access.is_ministry(user):
            self.fields["coalition"].empty_label = _("All coalitions")
        countries = Country.objects.filter(id__in=Commitment.objects.for_user(user).values("country_id"))
        if not access.is_ministry(user):
            countries = countries | Country.objects.filter(id__in=access.country_ids(user))
        self.fields["country"].queryset = countries.distinct()
        choices = quarter_choices()[1:]
        self.fields["period_from"].choices = choices
        self.fields["period_to"].choices = choices

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and periods.quarter_index(start) > periods.quarter_index(end):
            raise forms.ValidationError(_("The first quarter must not come after the last one."))
        scoped = "coalition" in data and "country" in data
        if scoped and not access.may_brief(self.user, data["coalition"], data["country"]):
            raise forms.ValidationError(
                _(
                    "You may make briefings of your own country in its coalitions, and of a whole "
                    "coalition only when your country leads it: choose your country."
                )
            )
        since = data.get("since")
        if since and since > timezone.localdate():
            self.add_error("since", _("The date must not be in the future."))
        return data

    def since_time(self):
        """The chosen date as the start of that day, or None."""
        since = self.cleaned_data.get("since")
        if since is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))

    def arguments(self) -> dict:
        """Keyword arguments of ``services.build_briefing``."""
        data = self.cleaned_data
        return {
            "coalition": data["coalition"],
            "country": data["country"],
            "period_from": data["period_from"],
            "period_to": data["period_to"],
            "language": data["language"],
            "since": self.since_time(),
        }
