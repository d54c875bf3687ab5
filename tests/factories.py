import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import Role, User
from coalitions.models import (
    Capability,
    Category,
    Coalition,
    Commitment,
    Country,
    Membership,
    MembershipRole,
    Need,
    Unit,
)

PASSWORD = "a-long-test-password"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "BE"
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"coalition-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    launched_on = datetime.date(2024, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    coalition = factory.SubFactory(CoalitionFactory)
    country = factory.SubFactory(CountryFactory)
    role = MembershipRole.MEMBER


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability

    coalition = factory.SubFactory(CoalitionFactory)
    code = factory.Sequence(lambda n: f"cap-{n}")
    name = factory.Sequence(lambda n: f"Capability {n}")
    category = Category.AMMUNITION
    unit = Unit.ROUNDS


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    capability = factory.SubFactory(CapabilityFactory)
    coalition = factory.SelfAttribute("capability.coalition")
    quantity = 1000
    year = 2026
    quarter = 4


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A commitment; the country is made a member of the coalition if it is not one."""

    class Meta:
        model = Commitment

    country = factory.SubFactory(CountryFactory)
    capability = factory.SubFactory(CapabilityFactory)
    coalition = factory.SelfAttribute("capability.coalition")
    quantity = 100
    announced_on = datetime.date(2026, 1, 15)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        Membership.objects.get_or_create(coalition=kwargs["coalition"], country=kwargs["country"])
        return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


def country_user(country, role=Role.OFFICER, **kwargs):
    """A partner user in ``country``'s group."""
    return UserFactory(role=role, groups=[country.group], **kwargs)


def observer_user(coalitions, name="observers-test", **kwargs):
    from guardian.shortcuts import assign_perm

    group, _ = Group.objects.get_or_create(name=name)
    for coalition in coalitions:
        assign_perm("coalitions.observe_coalition", group, coalition)
    return UserFactory(role=Role.OBSERVER, groups=[group], **kwargs)
