"""Demo countries, users and commitments (placeholder until the demo data lands)."""


def seed(*, password, stdout):
    pass
