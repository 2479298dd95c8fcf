#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kwok, and the real node's kubelet, kube-controller-manager,
# kube-scheduler and containerd (with its runc shim and ctr) from the Go module proxy, once per
# version.
#
# Each binary lands in ${PORTHOLE_CACHE:-$HOME/.cache/porthole}/cluster/<component>-<version>/<binary>
# and is reused when present, so a second run costs nothing. Versions come from
# test/cluster/versions.json (the only place they are chosen); the wrapper modules under
# test/cluster/go/ carry the same versions plus go.sum hashes, and this script refuses to
# build when the two disagree (fix: test/cluster/go/pin.sh).
#
# Prints one line per component: "<component> <path> built in Ns" or "... cached".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/versions.json"
cache_root="${PORTHOLE_CACHE:-$HOME/.cache/porthole}/cluster"

if ! command -v go > /dev/null; then
  echo "build.sh: 'go' is not on PATH; the cluster binaries are built from the Go module proxy" >&2
  exit 2
fi

version_of() {
  node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))[process.argv[2]] ?? ''" "$versions" "$1"
}
etcd_version="$(version_of etcd)"
kubernetes_version="$(version_of kubernetes)"
kwok_version="$(version_of kwok)"
containerd_version="$(version_of containerd)"
for pair in "etcd=$etcd_version" "kubernetes=$kubernetes_version" "kwok=$kwok_version" \
  "containerd=$containerd_version"; do
  if [[ ! "${pair#*=}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "build.sh: versions.json has no valid version for '${pair%%=*}' (got '${pair#*=}')" >&2
    exit 2
  fi
done

require_pinned() { # <go.mod> <module> <version>
  if ! grep -Eq "^(require )?[[:space:]]*$2 $3( |\$)" "$1"; then
    echo "build.sh: $1 does not require $2 $3 as versions.json says; run test/cluster/go/pin.sh" >&2
    exit 2
  fi
}
require_pinned "$here/go/etcd/go.mod" go.etcd.io/etcd/server/v3 "$etcd_version"
require_pinned "$here/go/kubernetes/go.mod" k8s.io/kubernetes "$kubernetes_version"

# Static, stripped, path-independent binaries: cgo buys nothing here and costs a C toolchain.
export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -trimpath -buildvcs=false"

mkdir -p "$cache_root"
# Two runs (say, `npm run cluster:up` and a test run) may build at once; one builds, one waits.
exec 9> "$cache_root/.build.lock"
flock 9

build_one() { # <component> <version> "<binary> [<binary>...]" <command...>; the command writes to $out
  local component="$1" version="$2" binaries="$3"
  shift 3
  local dir="$cache_root/$component-$version" binary missing=""
  for binary in $binaries; do
    [[ -x "$dir/$binary" ]] || missing=1
  done
  if [[ -z "$missing" ]]; then
    echo "$component $dir/${binaries%% *} cached"
    return
  fi
  local started=$SECONDS
  local staging
  staging="$(mktemp -d "$cache_root/.$component-XXXXXX")"
  out="$staging" "$@"
  # Rename is atomic, so a half-written binary is never mistaken for a cached one.
  mkdir -p "$dir"
  for binary in $binaries; do
    mv "$staging/$binary" "$dir/$binary"
  done
  rmdir "$staging"
  echo "$component $dir/${binaries%% *} built in $((SECONDS - started))s"
}

build_etcd() {
  (cd "$here/go/etcd" && go build -ldflags "-s -w" -o "$out/etcd" .)
}

build_kubernetes() { # <command>: one of the wrapper module's tools
  # The same version stamps Kubernetes' own build (hack/lib/version.sh) sets, so /version,
  # kubectl's skew warning, the emulation-version checks and the node's kubeletVersion see a
  # real release.
  local minor="${kubernetes_version#v1.}"
  minor="${minor%%.*}"
  local stamp=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    stamp+=" -X $pkg.gitVersion=$kubernetes_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    stamp+=" -X $pkg.gitTreeState=clean"
  done
  (cd "$here/go/kubernetes" &&
    go build -ldflags "-s -w$stamp" -o "$out/$1" "k8s.io/kubernetes/cmd/$1")
}

build_kwok() {
  # kwok's go.mod has no replace directives, so `go install module@version` builds it as released.
  GOBIN="$out" go install -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$kwok_version" \
    "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
}

build_containerd() {
  # containerd's go.mod has no replace directives either. The tags are upstream's Makefile's minus
  # the snapshotters that need C libraries (btrfs, devmapper, zfs), which the node does not use
  # (it runs the default overlayfs snapshotter); the shim also gets upstream's no_grpc (it speaks
  # ttrpc only).
  local module=github.com/containerd/containerd/v2
  local tags="urfave_cli_no_docs no_btrfs no_devmapper no_zfs"
  local ldflags="-s -w -X $module/version.Version=$containerd_version -X $module/version.Package=$module"
  GOBIN="$out" go install -tags "$tags" -ldflags "$ldflags" \
    "$module/cmd/containerd@$containerd_version" "$module/cmd/ctr@$containerd_version"
  GOBIN="$out" go install -tags "$tags no_grpc" -ldflags "$ldflags" \
    "$module/cmd/containerd-shim-runc-v2@$containerd_version"
}

build_one etcd "$etcd_version" etcd build_etcd
build_one kwok "$kwok_version" kwok build_kwok
build_one kube-apiserver "$kubernetes_version" kube-apiserver build_kubernetes kube-apiserver
# The real node's parts, built after the API server's so they reuse its build cache.
build_one kubelet "$kubernetes_version" kubelet build_kubernetes kubelet
build_one kube-controller-manager "$kubernetes_version" kube-controller-manager build_kubernetes kube-controller-manager
build_one kube-scheduler "$kubernetes_version" kube-scheduler build_kubernetes kube-scheduler
build_one containerd "$containerd_version" "containerd containerd-shim-runc-v2 ctr" build_containerd
