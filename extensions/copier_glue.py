"""Copier glue: exposes the stack table to ``copier.yml`` and the templates.

Loaded by copier-template-extensions from ``_jinja_extensions`` as
``extensions/copier_glue.py:StackTableExtension``. It adds:

- Jinja globals used by ``copier.yml``: ``stack_choices`` (choices with per-choice
  validators), ``stack_default`` and ``name_problem`` (name validators), and for adopting an
  existing project ``detected`` (its stack, as defaults), ``framework_default``,
  ``adopted_language_choices``, ``adopted_excludes`` and ``adopt_choice``;
- a context hook that adds the computed context (``project_context`` in the stack table)
  and a per-project secret key to every template render once the answers exist.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import Any

from copier_template_extensions import ContextHook
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

TABLE_PATH = Path(__file__).with_name("stack_table.py")


def load_stack_table() -> ModuleType:
    """Import the stack table by path: copier loads this file outside any package.

    The module name carries the path so that the old and new template versions used
    by ``copier update`` never share one cached table.
    """
    digest = hashlib.sha256(str(TABLE_PATH).encode()).hexdigest()[:12]
    name = f"backend_forge_stack_table_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = spec_from_file_location(name, TABLE_PATH)
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


table = load_stack_table()


def _answers_so_far(context: Context) -> dict[str, Any]:
    return {
        question: context.get(question)
        for question in table.LAYER_QUESTIONS
        if context.get(question) is not None
    }


@pass_context
def stack_choices(context: Context, question: str) -> str:
    """YAML for a question's ``choices``: one entry per row, greyed out with the reason
    when the answers given so far do not admit it."""
    answers = _answers_so_far(context)
    choices = {
        f"{row.label} - {row.summary}": {
            "value": row.value,
            "validator": table.refusal(question, row.value, answers),
        }
        for row in table.layers_for(question)
    }
    return json.dumps(choices)


@pass_context
def stack_default(context: Context, question: str) -> str:
    return str(table.preferred(question, _answers_so_far(context)))


def yaml_string(value: Any) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is valid YAML), readable as text."""
    return json.dumps(str(value), ensure_ascii=False)


def name_problem(kind: str, value: Any) -> str:
    return str(table.name_problem(kind, "" if value is None else str(value)))


@pass_context
def detected(context: Context, field: str) -> str:
    """One fact detected about the project already in the destination ("" if none)."""
    destination = context["_copier_conf"]["dst_path"]
    return str(getattr(table.detect_stack(destination), field))


@pass_context
def framework_default(context: Context) -> str:
    """Adopt the project in the destination if there is one; otherwise the preferred framework."""
    if detected(context, "language"):
        return str(table.ADOPT)
    return stack_default(context, "framework")


def adopted_language_choices() -> str:
    return json.dumps({row.label: row.value for row in table.ADOPTED_LANGUAGES})


def adopted_excludes() -> str:
    """One path per line: what an adopted project keeps of its own (copier splits lines)."""
    return "\n".join(table.GENERATED_APP_PATHS)


class StackTableExtension(ContextHook):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.update(
            stack_choices=stack_choices,
            stack_default=stack_default,
            name_problem=name_problem,
            slugify=table.slugify,
            detected=detected,
            framework_default=framework_default,
            adopted_language_choices=adopted_language_choices,
            adopted_excludes=adopted_excludes,
            adopt_choice=table.ADOPT,
        )
        environment.filters["yaml_string"] = yaml_string

    def hook(self, context: dict[str, Any]) -> None:
        names = ("project_name", "package_name", "project_slug", "python_version")
        questions = table.LAYER_QUESTIONS
        if context.get("framework") == table.ADOPT:
            names += tuple(table.ADOPTED_QUESTIONS)
            questions = tuple(q for q in questions if q not in table.APP_QUESTIONS)
        missing = [key for key in (*names, *questions) if key not in context]
        if missing:
            # While questions are asked (or migrations run), later answers do not exist yet;
            # files must never be rendered without the computed context.
            if str(context.get("_copier_phase")) == "render":
                raise KeyError(f"answers missing while rendering: {', '.join(missing)}")
            return
        context.update(table.project_context(context))
        context.setdefault("generated_secret_key", secrets.token_urlsafe(48))
