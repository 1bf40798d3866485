#!/usr/bin/env bash
# The committed OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator, from PyPI)
# and passes Spectral's OpenAPI ruleset (.spectral.yaml) with no error; its warnings are
# listed. Run from anywhere: `bash .ci/contract.sh`. (That the document is the one the
# server builds is the black-box suite's `contract` test.)
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
