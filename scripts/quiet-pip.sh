#!/usr/bin/env bash
# Run a pip command without pip's notes about its own configuration: a pip.conf or
# PIP_* variable that names an index or find-links location that does not exist makes
# `pip install --quiet` print "WARNING: Location '…' is ignored: …" once per package,
# which reads like a failure. Every other line (errors included) and pip's exit status
# pass through unchanged.
#   scripts/quiet-pip.sh .venv/bin/python -m pip install --quiet -e '.[test]'
set -o pipefail
{ "$@" 2>&1 1>&3 3>&- | sed -u -e "/^WARNING: Location '.*' is ignored: /d" >&2; } 3>&1
