"""The stack table's own rules: consistency of its rows, refusals, names."""

from __future__ import annotations

import re

import pytest
import stack_table
from conftest import default_answers
from stack_table import Layer


def test_every_row_answers_a_known_question() -> None:
    for row in stack_table.LAYERS:
        assert row.question in stack_table.QUESTION_TITLES, row


def test_choices_are_unique_per_question() -> None:
    pairs = [(row.question, row.value) for row in stack_table.LAYERS]
    assert len(pairs) == len(set(pairs))


def test_admits_name_only_existing_choices() -> None:
    for row in stack_table.LAYERS:
        for question, values in row.admits.items():
            known = {other.value for other in stack_table.layers_for(question)}
            assert set(values) <= known, f"{row.question}={row.value} admits unknown {values}"


def test_every_row_has_a_label_and_summary() -> None:
    for row in stack_table.LAYERS:
        assert row.label and row.summary, row


def test_each_language_has_a_toolchain() -> None:
    for row in stack_table.LAYERS:
        if (row.question, row.value) == ("framework", stack_table.ADOPT):
            assert row.language == "", "an adopted project's language is its own answer"
        else:
            assert row.language in stack_table.TOOLCHAINS, row


def test_dependencies_are_pep508_names() -> None:
    # A lower bound, and an upper one where a release line is pinned (Django's LTS).
    requirement = re.compile(
        r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z0-9,-]+\])?(>=|==|~=)[0-9.]+(,<[0-9.]+)?$"
    )
    for row in stack_table.LAYERS:
        drivers = row.drivers.values()
        driver_dependencies = [d for driver in drivers for d in driver.dependencies]
        for dependency in (*row.dependencies, *row.dev_dependencies, *driver_dependencies):
            assert requirement.match(dependency), dependency


def test_every_database_has_a_driver_for_every_framework_that_admits_it() -> None:
    for framework in stack_table.layers_for("framework"):
        if framework.value == stack_table.ADOPT:
            continue
        for database in stack_table.layers_for("database"):
            if stack_table.refusal("database", database.value, {"framework": framework.value}):
                continue
            assert framework.database_driver in database.drivers, (framework, database)


def test_the_default_answers_select_one_admitted_row_per_question() -> None:
    answers = default_answers()
    selected = stack_table.selected_layers(answers)

    assert sorted(row.question for row in selected) == sorted(stack_table.LAYER_QUESTIONS)
    assert all(not stack_table.refusal(r.question, r.value, answers) for r in selected)


# A small table of its own shows how refusals work without depending on today's rows.
SYNTHETIC = (
    Layer("framework", "alpha", "Alpha", "a", admits={"orm": ("one",)}),
    Layer("framework", "beta", "Beta", "b"),
    Layer("orm", "one", "One", "1"),
    Layer("orm", "two", "Two", "2", admits={"framework": ("beta",)}),
)


@pytest.fixture
def synthetic_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack_table, "LAYERS", SYNTHETIC)


@pytest.mark.usefixtures("synthetic_table")
@pytest.mark.parametrize(
    ("question", "value", "answers", "expected"),
    [
        ("orm", "one", {"framework": "alpha"}, ""),
        ("orm", "two", {"framework": "alpha"}, "orm=two does not work with framework=alpha"),
        ("orm", "two", {"framework": "beta"}, ""),
        ("framework", "alpha", {"orm": "two"}, "framework=alpha does not work with orm=two"),
        ("orm", "two", {}, ""),
    ],
)
def test_refusal_names_both_answers(
    question: str, value: str, answers: dict[str, str], expected: str
) -> None:
    message = stack_table.refusal(question, value, answers)

    assert message.startswith(expected)
    assert bool(message) == bool(expected)


@pytest.mark.usefixtures("synthetic_table")
def test_preferred_skips_refused_choices() -> None:
    assert stack_table.preferred("orm", {"framework": "alpha"}) == "one"
    assert stack_table.preferred("framework", {"orm": "two"}) == "beta"


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        ("project_name", "", "must not be empty"),
        ("project_name", "   ", "must not be empty"),
        ("project_name", "1st service", "must start with a letter"),
        ("project_name", "x" * 81, "at most 80 characters"),
        ("project_slug", "My-Service", "lowercase letters"),
        ("project_slug", "my--service", "single hyphens"),
        ("project_slug", "my-service-", "lowercase letters"),
        ("project_slug", "9lives", "starting with a letter"),
        ("package_name", "my-service", "lowercase Python identifier"),
        ("package_name", "MyService", "lowercase Python identifier"),
        ("package_name", "class", "Python keyword"),
        ("package_name", "match", "Python keyword"),
        ("package_name", "json", "standard library"),
        ("package_name", "asyncio", "standard library"),
        ("package_name", "fastapi", "third-party package"),
        ("package_name", "tests", "third-party package"),
    ],
)
def test_bad_names_are_explained(kind: str, value: str, problem: str) -> None:
    assert problem in stack_table.name_problem(kind, value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [("project_name", "Blog API"), ("project_slug", "blog-api"), ("package_name", "blog_api")],
)
def test_good_names_pass(kind: str, value: str) -> None:
    assert stack_table.name_problem(kind, value) == ""


def test_context_fills_placeholders() -> None:
    answers = default_answers() | {"package_name": "blog_api", "project_slug": "blog-api"}
    context = stack_table.project_context(answers)

    text = repr([context[key] for key in ("commands", "facts", "layout", "server_argv")])
    assert "{package_name}" not in text and "{python_version}" not in text
    assert "blog_api.main:create_app" in context["commands"]["dev"].run
