"""factory-boy factories for the claims domain."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Appearance, Article, Claim, ClaimLink, Dispute, Outlet, Source, SourceAlias, Verdict
from claims.text import normalise_for_matching


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user{number}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))
            if extracted == "moderator":
                user.is_staff = True
                user.save(update_fields=["is_staff"])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda number: f"Speaker {number}")
    slug = factory.Sequence(lambda number: f"speaker-{number}")
    kind = Source.Kind.PERSON


class SourceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceAlias

    source = factory.SubFactory(SourceFactory)
    name = factory.Sequence(lambda number: f"Alias {number}")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda number: f"Outlet {number}")
    slug = factory.Sequence(lambda number: f"outlet-{number}")
    domain = factory.Sequence(lambda number: f"outlet{number}.example")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda number: f"https://news.example/story-{number}")
    title = factory.Sequence(lambda number: f"Story {number}")
    published = factory.LazyFunction(lambda: timezone.now().date())
    text = 'The minister said "the bridge will open in May" at a press conference.'
    content_hash = factory.Sequence(lambda number: f"{number:064d}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    speaker = factory.SubFactory(SourceFactory)
    text = factory.Sequence(lambda number: f"The bridge will open in May, statement number {number}")
    normalised_text = factory.LazyAttribute(lambda claim: normalise_for_matching(claim.text))
    slug = factory.Sequence(lambda number: f"claim-{number}")
    status = Claim.Status.DRAFT
    published_at = factory.LazyAttribute(lambda claim: timezone.now() if claim.status == Claim.Status.PUBLISHED else None)


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SubFactory(ArticleFactory)
    start = 18
    end = 44
    quote = "the bridge will open in May"


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    relation = ClaimLink.Relation.DENIES
    score = 0.8
    reasons = factory.LazyFunction(lambda: ["denial cue: 'not true'"])


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    title = factory.Sequence(lambda number: f"Dispute {number}")
    slug = factory.Sequence(lambda number: f"dispute-{number}")
    claim = factory.SubFactory(ClaimFactory)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating_value = 2
    rating_text = "Mostly false"
