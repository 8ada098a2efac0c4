#!/usr/bin/env python3
"""Reads the composite action's action.yml as GitHub would, for tests/action/run.sh.

  action_step.py check ACTION_YML
      The file is YAML; a composite action; every `run:` step has a shell; every `inputs.X`
      (in `${{ }}` or `if:`) is a declared input, every `steps.X` an earlier step's id, and
      every $GITHUB_ACTION_PATH/FILE a `run:` calls is in the action.
  action_step.py step ACTION_YML STEP_ID OUT_DIR [NAME=VALUE...]
      Writes the step's `run:` text to OUT_DIR/step.sh and its `env:` to OUT_DIR/env
      (NUL-separated NAME=VALUE), with `${{ inputs.X }}` replaced by the given input (or its
      default) and `${{ github.action_ref }}` by the NAME=VALUE `github.action_ref`. Any other
      expression is an error: the test then has to say what it stands for.
"""
import os
import re
import sys

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path):
    with open(path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if not isinstance(action, dict) or action.get("runs", {}).get("using") != "composite":
        sys.exit(f"{path}: not a composite action")
    return action


def check(path):
    action = load(path)
    text = open(path, encoding="utf-8").read()
    inputs = action.get("inputs") or {}
    errors = []
    # `if:` is an expression without ${{ }}.
    conditions = [str(s["if"]) for s in action["runs"]["steps"] if "if" in s]
    for expr in EXPR.findall(text) + conditions:
        for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expr):
            if name not in inputs:
                errors.append(f"inputs.{name} is used but not declared")
    seen = []
    for i, step in enumerate(action["runs"]["steps"]):
        label = step.get("id") or step.get("name") or f"step {i + 1}"
        if "run" in step and step.get("shell") is None:
            errors.append(f"{label}: a composite `run:` step needs `shell:`")
        if ("run" in step) == ("uses" in step):
            errors.append(f"{label}: needs exactly one of run and uses")
        for script in re.findall(r"\$\{?GITHUB_ACTION_PATH\}?/([^\"'\s]+)", str(step.get("run", ""))):
            if not os.path.isfile(os.path.join(os.path.dirname(path), script)):
                errors.append(f"{label}: runs {script}, which the action does not have")
        fields = yaml.safe_dump({k: v for k, v in step.items() if k != "id"})
        for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)", fields):
            if ref not in seen:
                errors.append(f"{label}: steps.{ref} is not an earlier step's id")
        if "id" in step:
            seen.append(step["id"])
    for name, output in (action.get("outputs") or {}).items():
        for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)", str(output.get("value", ""))):
            if ref not in seen:
                errors.append(f"output {name}: steps.{ref} is not a step's id")
    for e in errors:
        print(f"{path}: {e}")
    return 1 if errors else 0


def step(path, step_id, out_dir, assignments):
    action = load(path)
    inputs = action.get("inputs") or {}
    given = dict(a.split("=", 1) for a in assignments)
    context = {"github.action_ref": given.pop("github.action_ref", "")}
    for name, value in given.items():
        if name not in inputs:
            sys.exit(f"{path}: the test sets input '{name}', which the action does not declare")
    for name, spec in inputs.items():
        context[f"inputs.{name}"] = given.get(name, str((spec or {}).get("default", "")))

    def expand(value):
        def one(m):
            if m.group(1) not in context:
                sys.exit(f"{path}: step {step_id}: cannot evaluate ${{{{ {m.group(1)} }}}}")
            return context[m.group(1)]
        return EXPR.sub(one, str(value))

    steps = [s for s in action["runs"]["steps"] if s.get("id") == step_id]
    if len(steps) != 1 or "run" not in steps[0]:
        sys.exit(f"{path}: no `run:` step with id '{step_id}'")
    s = steps[0]
    if s.get("shell") != "bash":
        sys.exit(f"{path}: step {step_id} does not run with `shell: bash`")
    with open(f"{out_dir}/step.sh", "w", encoding="utf-8") as f:
        f.write(expand(s["run"]))
    with open(f"{out_dir}/env", "w", encoding="utf-8") as f:
        for name, value in (s.get("env") or {}).items():
            f.write(f"{name}={expand(value)}\0")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) >= 5 and sys.argv[1] == "step":
        sys.exit(step(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
    sys.exit(__doc__)
