#!/usr/bin/env bash
# Build the pagewash image from the Dockerfile without a Docker engine, run the server inside it and call it.
#
# buildah builds with chroot isolation on overlay (or vfs) storage, with no daemon; the base is a
# Debian bookworm rootfs made by debootstrap (python3 3.11), so no registry is needed. The server runs
# with `buildah run`, which shares the host network, and the host's `pagewash` CLI talks to it.
# Everything is cached under $IMAGE_CHECK_DIR (default ./image-check, gitignored); a second run reuses
# the base image and buildah's layer cache.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${IMAGE_CHECK_DIR:-$ROOT/image-check}
IMAGE=${IMAGE_CHECK_TAG:-localhost/pagewash:image-check}
BASE=localhost/pagewash-pybase:bookworm
CLI=${PAGEWASH_CLI:-$ROOT/.venv/bin/pagewash}
SEEDS=$ROOT/tests/fixtures/seeds
# overlay when the kernel allows it (layers are cheap), else vfs (every layer a full copy: slow, but it
# works anywhere); each driver keeps its own store.
DRIVER=${IMAGE_CHECK_STORAGE_DRIVER:-auto}
START_TIMEOUT=${IMAGE_CHECK_START_TIMEOUT:-90}
# The host's CA bundle, lent to the build's RUN steps (not kept in the image) so pip can reach PyPI
# through a TLS-inspecting proxy; empty to build with the base image's own CAs.
CA_BUNDLE=${IMAGE_CHECK_CA_BUNDLE-${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}}

step_started=$SECONDS
step() {
    echo "image-check: [$((SECONDS - step_started))s] $*" >&2
}
fail() {
    echo "image-check: FAILED: $*" >&2
    exit 1
}

# buildah run does not forward signals: find the server among the processes this script started.
server_process() {
    local pid=$1 child
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q '^/opt/venv/bin/python[0-9.]* /opt/venv/bin/pagewash-server '; then
        echo "$pid"
        return 0
    fi
    for child in $(pgrep -P "$pid"); do
        server_process "$child" && return 0
    done
    return 1
}

container=""
server_pid=""
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        local main
        if main=$(server_process "$server_pid"); then
            kill -TERM "$main" 2>/dev/null || true
            for _ in $(seq 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
        fi
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n $container ]]; then
        buildah "${STORAGE[@]}" umount "$container" >/dev/null 2>&1 || true
        buildah "${STORAGE[@]}" rm "$container" >/dev/null 2>&1 || true
    fi
    rm -f "$WORK/batch.jsonl"
}
trap cleanup EXIT

[[ -x $CLI ]] || fail "$CLI not found: run 'make setup' first"
mkdir -p "$WORK"

# --- tools (idempotent) ----------------------------------------------------------------------------
missing=()
for tool in buildah debootstrap podman; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    step "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- storage driver -----------------------------------------------------------------------------------
overlay_works() {
    local probe=(--root "$WORK/storage-overlay" --runroot "$WORK/run-overlay" --storage-driver overlay) ctr
    ctr=$(buildah "${probe[@]}" from --quiet scratch 2>/dev/null) || return 1
    local ok=0
    buildah "${probe[@]}" mount "$ctr" >/dev/null 2>&1 || ok=1
    buildah "${probe[@]}" umount "$ctr" >/dev/null 2>&1 || true
    buildah "${probe[@]}" rm "$ctr" >/dev/null 2>&1 || true
    return $ok
}
if [[ $DRIVER == auto ]]; then
    if overlay_works; then DRIVER=overlay; else DRIVER=vfs; fi
fi
STORAGE=(--root "$WORK/storage-$DRIVER" --runroot "$WORK/run-$DRIVER" --storage-driver "$DRIVER")
step "storage driver: $DRIVER"

# --- base image: Debian bookworm with python3 (3.11), built once ------------------------------------
if ! buildah "${STORAGE[@]}" inspect --type image "$BASE" >/dev/null 2>&1; then
    rootfs=$WORK/pybase-rootfs
    if [[ ! -x $rootfs/usr/bin/python3 ]]; then
        step "debootstrap bookworm base into $rootfs"
        rm -rf "$rootfs.tmp"
        debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
            bookworm "$rootfs.tmp" >"$WORK/debootstrap.log" 2>&1 || fail "debootstrap (see $WORK/debootstrap.log)"
        rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*
        mv "$rootfs.tmp" "$rootfs"
    fi
    step "importing base image $BASE"
    tar -C "$rootfs" -c . | podman "${STORAGE[@]}" import --quiet - "$BASE" >/dev/null
fi

# --- the image, from the Dockerfile as it stands -----------------------------------------------------
build_volumes=()
if [[ -n $CA_BUNDLE && -f $CA_BUNDLE ]]; then
    build_volumes=(--volume "$CA_BUNDLE:/etc/ssl/certs/ca-certificates.crt:ro")
fi
step "building $IMAGE from Dockerfile (BASE_IMAGE=$BASE)"
buildah "${STORAGE[@]}" bud --isolation chroot --layers --format docker --quiet "${build_volumes[@]}" \
    --build-arg BASE_IMAGE="$BASE" -t "$IMAGE" -f "$ROOT/Dockerfile" "$ROOT" >/dev/null

# shellcheck disable=SC2016  # a Go template, not shell
config=$(buildah "${STORAGE[@]}" inspect --type image --format \
    '{{.Docker.Config.User}}|{{range $p, $_ := .Docker.Config.ExposedPorts}}{{$p}} {{end}}|{{.Docker.Config.Healthcheck}}|{{.Docker.Config.Entrypoint}}' \
    "$IMAGE")
step "image config: $config"
IFS='|' read -r image_user image_ports image_healthcheck image_entrypoint <<<"$config"
[[ $image_user != "" && $image_user != root && $image_user != 0* ]] || fail "image runs as root ($image_user)"
[[ $image_ports == *50051/tcp* ]] || fail "port 50051 not exposed ($image_ports)"
[[ $image_healthcheck == *"pagewash"*"health"* ]] || fail "no pagewash health HEALTHCHECK ($image_healthcheck)"
[[ $image_entrypoint == *pagewash-server* ]] || fail "entrypoint is not pagewash-server ($image_entrypoint)"
# The image's own entrypoint and health check are what runs below, not copies of them.
mapfile -t entrypoint < <(buildah "${STORAGE[@]}" inspect --type image \
    --format '{{range .Docker.Config.Entrypoint}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
mapfile -t health_test < <(buildah "${STORAGE[@]}" inspect --type image \
    --format '{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
case ${health_test[0]:-} in
    CMD) health_command=("${health_test[@]:1}") ;;
    CMD-SHELL) health_command=(/bin/sh -c "${health_test[1]}") ;;
    *) fail "unexpected HEALTHCHECK test: ${health_test[*]}" ;;
esac

# --- run the server inside the image -----------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=127.0.0.1:$port
container=$(buildah "${STORAGE[@]}" from --pull-never --quiet "$IMAGE")
rootfs_view=$(buildah "${STORAGE[@]}" mount "$container")
marker=$WORK/started.marker
touch "$marker"
sleep 1  # mtime granularity: anything written by the server is strictly newer than the marker

# The image's entrypoint without its CMD, moved to a free loopback port through PAGEWASH_LISTEN (buildah
# run shares the host's network), which the HEALTHCHECK follows too.
buildah "${STORAGE[@]}" config --env PAGEWASH_LISTEN="$server" "$container"
step "starting ${entrypoint[*]} in container $container on $server"
buildah "${STORAGE[@]}" run --isolation chroot "$container" -- "${entrypoint[@]}" >"$WORK/server.log" 2>&1 &
server_pid=$!

deadline=$((SECONDS + START_TIMEOUT))
until "$CLI" --server "$server" --timeout 2 health >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "server exited during start"; }
    ((SECONDS < deadline)) || { cat "$WORK/server.log" >&2; fail "server not healthy after ${START_TIMEOUT}s"; }
    sleep 0.5
done
step "server healthy (host CLI)"

whoami_in=$(buildah "${STORAGE[@]}" run --isolation chroot "$container" -- id -u)
[[ $whoami_in == 10001 ]] || fail "commands in the image run as uid $whoami_in, expected 10001"
buildah "${STORAGE[@]}" run --isolation chroot "$container" -- "${health_command[@]}" \
    || fail "the image's HEALTHCHECK command failed: ${health_command[*]}"
step "the image's HEALTHCHECK passed (uid $whoami_in)"

"$CLI" --server "$server" info >"$WORK/info.txt" || fail "pagewash info"
step "server info: $(tr '\n' ' ' <"$WORK/info.txt" | cut -c1-300)"

# One seed through Normalize: the expected body paragraphs must come back.
seed=$(find "$SEEDS" -name '*.txt' | sort | head -n 1)
"$CLI" --server "$server" normalize --json "$seed" >"$WORK/seed.json" || fail "pagewash normalize $seed"
python3 - "$WORK/seed.json" "$SEEDS/expected.json" "$(basename "$seed")" <<'PY' || fail "seed answer is wrong"
import json, sys
document = json.loads(open(sys.argv[1], encoding="utf-8").readline())
expected = json.load(open(sys.argv[2], encoding="utf-8"))[sys.argv[3]]
body = expected["body"]
found = sum(paragraph in document["text"] for paragraph in body)
print(f"image-check: seed {sys.argv[3]}: {found}/{len(body)} expected paragraphs in the text, "
      f"{document['metadata']['word_count']} words, language {document['metadata']['language']!r}",
      file=sys.stderr)
sys.exit(0 if document["text"] and found >= len(body) // 2 else 1)
PY

# A page over 16 KiB reaches a worker through its shared ring (a memfd): it must work inside the image's
# sandbox too; the server's last log line counts such requests (checked after the stop below).
python3 - >"$WORK/large.html" <<'PY'
paragraph = "<p>The committee met on Tuesday to discuss the budget for the coming year and its schools.</p>"
print("<html><head><title>Budget</title></head><body><article>" + paragraph * 3000 + "</article></body></html>")
PY
"$CLI" --server "$server" normalize --json "$WORK/large.html" >"$WORK/large.json" || fail "pagewash normalize (large page)"
python3 - "$WORK/large.json" <<'PY' || fail "large page answer is wrong"
import json, sys
document = json.loads(open(sys.argv[1], encoding="utf-8").readline())
print(f"image-check: large page: {document['metadata']['word_count']} words", file=sys.stderr)
sys.exit(0 if document["metadata"]["word_count"] > 40_000 else 1)
PY

# A stream with a bad document in the middle: every id back once, the bad one as an error, exit code 1.
python3 - "$SEEDS" >"$WORK/batch.jsonl" <<'PY'
import json, pathlib, sys
seeds = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))
lines = [{"id": f"seed-{i}", "content": p.read_text(encoding="utf-8"), "format": "text"} for i, p in enumerate(seeds)]
lines.insert(1, {"id": "empty", "content": ""})
print("\n".join(json.dumps(line) for line in lines))
PY
set +e
"$CLI" --server "$server" normalize --jsonl "$WORK/batch.jsonl" >"$WORK/batch.out"
batch_status=$?
set -e
python3 - "$WORK/batch.jsonl" "$WORK/batch.out" "$batch_status" <<'PY' || fail "stream answer is wrong"
import json, sys
sent = [json.loads(line)["id"] for line in open(sys.argv[1], encoding="utf-8")]
got = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
errors = {r["id"] for r in got if r.get("error")}
print(f"image-check: stream: {len(got)} results for {len(sent)} requests, errors {sorted(errors)}, "
      f"exit {sys.argv[3]}", file=sys.stderr)
sys.exit(0 if sorted(r["id"] for r in got) == sorted(sent) and errors == {"empty"} and sys.argv[3] == "1" else 1)
PY

# Read-only root: nothing outside /tmp (and the runtime's own mount points) was written while serving.
written=$(cd "$rootfs_view" && find . -xdev -newer "$marker" \
    -not -path './tmp/*' -not -path './tmp' -not -path './run' -not -path './run/*' \
    -not -path './dev/*' -not -path './proc/*' -not -path './sys/*' \
    -not -path './etc/hosts' -not -path './etc/resolv.conf' -not -path './etc/hostname' -print | head -n 20)
[[ -z $written ]] || fail "the server wrote outside /tmp: $written"
step "no writes outside /tmp"

# Graceful stop, as `docker stop` does it: SIGTERM to the server process (PID 1 in a container).
server_main=$(server_process "$server_pid") || fail "cannot find the pagewash-server process under pid $server_pid"
kill -TERM "$server_main"
deadline=$((SECONDS + 30))
while kill -0 "$server_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
kill -0 "$server_pid" 2>/dev/null && fail "server still running 30s after SIGTERM"
wait "$server_pid" && stop_status=0 || stop_status=$?
server_pid=""
grep -q 'stopped:' "$WORK/server.log" || { cat "$WORK/server.log" >&2; fail "no clean shutdown in the server log"; }
((stop_status == 0)) || { cat "$WORK/server.log" >&2; fail "server exited with status $stop_status on SIGTERM"; }
step "server drained and stopped on SIGTERM (exit 0)"
grep 'stopped:' "$WORK/server.log" | grep -Eq 'through-shared-ring=[1-9]' \
    || { cat "$WORK/server.log" >&2; fail "no request went through a worker's shared ring"; }
step "large requests went through the workers' shared rings"
if buildah "${STORAGE[@]}" run --isolation chroot "$container" -- "${health_command[@]}" 2>/dev/null; then
    fail "the image's HEALTHCHECK passes with no server running"
fi
step "the HEALTHCHECK fails once the server is gone"
step "OK in $((SECONDS - step_started))s"
