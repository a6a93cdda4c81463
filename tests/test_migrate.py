"""Fast tier: which MIGRATIONS entries an update applies, and how answers are renamed."""

from __future__ import annotations

import migrate
import pytest
import stack_table


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("0.1.0", "0.2.0"),
        ("0.2.0", "0.10.0"),  # numeric, not string, order
        ("0.9.1", "0.10"),  # a missing part counts as 0
        ("1.0.0rc1", "1.0.0"),  # a pre-release comes before its release
        ("1.0.0.dev3", "1.0.0"),
        ("1.0.0a1", "1.0.0"),
        ("1.0.0", "1.0.1rc1"),
        ("1.0.0.dev3", "1.0.0a1"),  # dev, then alpha, beta, release candidate
        ("1.0.0a2", "1.0.0b1"),
        ("1.0.0b1", "1.0.0rc1"),
        ("1.0.0rc1", "1.0.0rc2"),
        ("1.0.0", "1.0.0.post1"),  # a post-release follows its release
        ("1.0.0.post1.dev0", "1.0.0.post1"),
        ("1.0.0", "1.0.0.post3.dev0+g1a2b3c"),  # copier's version of a commit past a tag
        ("0.0.0.post12.dev0+g1a2b3c", "0.1.0"),  # ... and of a commit before any tag
        ("v1.2.0", "1.3.0"),  # a tag written with a leading v
    ],
)
def test_releases_are_ordered_as_pep_440_orders_them(older: str, newer: str) -> None:
    assert migrate.release_key(older) < migrate.release_key(newer)


def test_equal_releases_have_equal_keys() -> None:
    assert migrate.release_key("1.2") == migrate.release_key("1.2.0") == migrate.release_key("v1.2")
    # A local part is ignored (no release is tagged with one).
    assert migrate.release_key("1.2.0+local.7") == migrate.release_key("1.2.0")


def test_a_version_that_is_not_a_release_is_refused() -> None:
    for version in ("main", "1.0.0-beta", ""):
        with pytest.raises(ValueError, match="not a release version"):
            migrate.release_key(version)


@pytest.mark.parametrize(
    ("since", "version_from", "version_to", "due"),
    [
        ("0.3.0", "0.2.0", "0.3.0", True),  # updating onto the release that made the change
        ("0.3.0", "0.2.0", "0.4.0", True),  # jumping over it
        ("0.3.0", "0.3.0", "0.4.0", False),  # the project already has it
        ("0.3.0", "0.1.0", "0.2.0", False),  # not reached yet
        ("0.3.0", "0.3.0rc1", "0.3.0", True),  # from its own pre-release
        ("0.3.0", "0.2.0", "0.3.0rc1", False),  # the pre-release comes before the release
    ],
)
def test_an_entry_applies_between_the_projects_release_and_the_new_one(
    since: str, version_from: str, version_to: str, due: bool
) -> None:
    assert migrate.applies(since, version_from, version_to) is due


def test_a_renamed_answer_keeps_its_value_and_renamed_choices_follow() -> None:
    answers = "_commit: 0.2.0\nauthor_email: ops@acme.test\nqueue: rq\nci: github\n"
    email = stack_table.AnswerRename("0.3.0", "author_email", "contact_email")
    queue = stack_table.AnswerRename("0.3.0", "queue", "jobs", values={"rq": "dramatiq"})

    renamed = migrate.rename_answer(migrate.rename_answer(answers, email), queue)

    assert renamed == "_commit: 0.2.0\ncontact_email: ops@acme.test\njobs: dramatiq\nci: github\n"


def test_a_key_that_only_starts_like_the_old_name_is_left_alone() -> None:
    answers = "author_email_verified: true\nauthor_email: a@b.c\n"
    rename = stack_table.AnswerRename("0.3.0", "author_email", "contact_email")

    assert migrate.rename_answer(answers, rename) == (
        "author_email_verified: true\ncontact_email: a@b.c\n"
    )
