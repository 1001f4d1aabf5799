#!/usr/bin/env bash
# mypy checks all of src (migrations aside, see [tool.mypy] in pyproject.toml) with
# check_untyped_defs: the target is the package directory, not a hand-kept list of files.
cd "$(dirname "$0")/.."
echo src
