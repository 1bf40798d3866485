# shellcheck shell=bash
# The contract tools, pinned, installed once into a cache folder outside the repository
# (`$PASPOR_TOOLS_DIR`, default `~/.cache/paspor-tools`): Python ones into a virtualenv from
# PyPI, Spectral and Redocly CLI from the npm registry. Sourced by .ci/contract.sh,
# .ci/schemathesis.sh and .ci/generated_client.sh.

OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
SCHEMATHESIS_VERSION=4.32.5
SPECTRAL_VERSION=6.16.3
REDOCLY_CLI_VERSION=2.77.0
OPENAPI_PYTHON_CLIENT_VERSION=0.29.1
# A local S3-compatible server for the tests of the S3 document store (.ci/run).
MOTO_VERSION=5.2.6
# What the generated client needs at run time (its setup.py asks for httpx >= 0.23.1,
# < 0.29.0 and attrs >= 22.2.0), pinned so that the client test is repeatable.
GENERATED_CLIENT_HTTPX_VERSION=0.28.1
GENERATED_CLIENT_ATTRS_VERSION=26.1.0

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

# Prints the path of command $3 of npm package `$1@$2`, installed on first use into a
# folder of its own under $TOOLS_DIR.
npm_tool() {
    local package=$1 version=$2 command=$3
    local prefix="$TOOLS_DIR/${package//\//+}-$version"
    if [ ! -x "$prefix/node_modules/.bin/$command" ]; then
        command -v npm >/dev/null 2>&1 || {
            echo "npm is not installed: $package needs Node.js and npm" >&2
            return 1
        }
        echo "installing $package $version into $prefix" >&2
        mkdir -p "$prefix"
        npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
            "$package@$version" >&2
    fi
    printf '%s\n' "$prefix/node_modules/.bin/$command"
}

# Prints the path of the Spectral command (installed on first use).
spectral_command() {
    npm_tool @stoplight/spectral-cli "$SPECTRAL_VERSION" spectral
}

# Prints the path of the Redocly CLI command (installed on first use). Redocly CLI 2.x
# needs Node.js 20.19+ (below 21) or 22.12+ (its package's `engines`); an older Node.js
# (Debian 12's nodejs is 18) is refused here with that said, rather than failing obscurely.
redocly_command() {
    command -v node >/dev/null 2>&1 || {
        echo "Node.js is not installed: Redocly CLI needs it" >&2
        return 1
    }
    if ! node -e '
        const [major, minor] = process.versions.node.split(".").map(Number);
        process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1);
    '; then
        echo "Redocly CLI $REDOCLY_CLI_VERSION needs Node.js 20.19+ (below 21) or 22.12+; this is $(node --version)" >&2
        return 1
    fi
    npm_tool @redocly/cli "$REDOCLY_CLI_VERSION" redocly
}
