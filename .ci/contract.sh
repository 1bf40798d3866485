#!/usr/bin/env bash
# The committed OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator, from PyPI)
# and passes two independent linters with no error, their warnings listed: Spectral's
# OpenAPI ruleset (.spectral.yaml) and Redocly CLI's `recommended` ruleset
# (.ci/redocly.yaml), both from npm. Run from anywhere: `bash .ci/contract.sh`. (That the
# document is the one the server builds is the black-box suite's `contract` test.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=.ci/tools.sh
. .ci/tools.sh

DOCUMENT=openapi/openapi.json

echo "openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION: $DOCUMENT as OpenAPI 3.1"
venv=$(python_tool openapi-spec-validator "$OPENAPI_SPEC_VALIDATOR_VERSION")
"$venv/bin/openapi-spec-validator" --schema 3.1 --validation-errors all "$DOCUMENT"

echo "Spectral $SPECTRAL_VERSION (.spectral.yaml): $DOCUMENT"
spectral=$(spectral_command)
"$spectral" lint --ruleset .spectral.yaml --fail-severity error "$DOCUMENT"

# `lint` exits non-zero on any error (warnings alone pass); `stylish` lists one problem a
# line. No update check, no usage data: CI reaches only the package registries.
echo "Redocly CLI $REDOCLY_CLI_VERSION (.ci/redocly.yaml, recommended): $DOCUMENT"
redocly=$(redocly_command)
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    "$redocly" lint --config .ci/redocly.yaml --format stylish "$DOCUMENT"
