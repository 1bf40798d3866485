# shellcheck shell=bash
# The contract tools, pinned, installed once into a cache folder outside the repository
# (`$PASPOR_TOOLS_DIR`, default `~/.cache/paspor-tools`): Python ones into a virtualenv from
# PyPI, Spectral from the npm registry. Sourced by .ci/contract.sh and .ci/schemathesis.sh.

OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
SCHEMATHESIS_VERSION=4.32.5
SPECTRAL_VERSION=6.16.3

TOOLS_DIR=${PASPOR_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/paspor-tools}

# Prints the path of a virtualenv holding `package==version` (created on first use).
python_tool() {
    local package=$1 version=$2
    local venv="$TOOLS_DIR/venv-$package-$version"
    if [ ! -f "$venv/.installed" ]; then
        echo "installing $package $version into $venv" >&2
        rm -rf "$venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version" >&2
        touch "$venv/.installed"
    fi
    printf '%s\n' "$venv"
}

# Prints the path of the Spectral command (installed on first use).
spectral_command() {
    local prefix="$TOOLS_DIR/spectral-$SPECTRAL_VERSION"
    if [ ! -x "$prefix/node_modules/.bin/spectral" ]; then
        command -v npm >/dev/null 2>&1 || {
            echo "npm is not installed: Spectral needs Node.js and npm" >&2
            return 1
        }
        echo "installing @stoplight/spectral-cli $SPECTRAL_VERSION into $prefix" >&2
        mkdir -p "$prefix"
        npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
            "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2
    fi
    printf '%s\n' "$prefix/node_modules/.bin/spectral"
}
