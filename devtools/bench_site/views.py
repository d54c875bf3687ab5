"""The baseline of the page benchmark: what plain Django does on the same database and stack.

A login-protected view (the same middleware as every portal page) that renders a 50-row
table of commitments with their country, coalition and capability names, through a
minimal template.
"""

from django.shortcuts import render

from coalitions.models import Commitment


def baseline(request):
    rows = Commitment.objects.select_related("country", "coalition", "capability").order_by("id")[:50]
    return render(request, "devtools/baseline.html", {"rows": rows})
