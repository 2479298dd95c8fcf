#!/usr/bin/env bash
# Regenerates the wrapper modules' go.mod and go.sum from test/cluster/versions.json.
# Run it after changing a version there; build.sh refuses to build when they disagree.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
versions="$here/../versions.json"
version_of() { node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))[process.argv[2]]" "$versions" "$1"; }
etcd_version="$(version_of etcd)"
kubernetes_version="$(version_of kubernetes)"
# Every k8s.io staging module is published as v0.Y.Z for Kubernetes v1.Y.Z.
staging_version="v0.${kubernetes_version#v1.}"

cd "$here/etcd"
cat > go.mod <<MOD
module porthole.test/cluster/etcd

go 1.24

require go.etcd.io/etcd/server/v3 $etcd_version
MOD
rm -f go.sum
go mod tidy

# One wrapper for every Kubernetes command the tests run, so they share one dependency graph
# (and one build cache): kube-apiserver, and the real node's kubelet, controller-manager, scheduler.
cd "$here/kubernetes"
kubernetes_gomod="$(go mod download -json "k8s.io/kubernetes@$kubernetes_version" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).GoMod));')"
{
  echo "module porthole.test/cluster/kubernetes"
  echo
  echo "go 1.24"
  echo
  echo "tool ("
  for command in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    echo "	k8s.io/kubernetes/cmd/$command"
  done
  echo ")"
  echo
  echo "require k8s.io/kubernetes $kubernetes_version"
  echo
  echo "// k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with"
  echo "// local directories; a consumer must pin each one to the published v0.Y.Z instead."
  echo "replace ("
  sed -n 's#^\t\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$kubernetes_gomod"
  echo ")"
} > go.mod
rm -f go.sum
go mod tidy
