// Command etcd is etcd's own server entry point, built from the published
// go.etcd.io/etcd/server/v3 module so the version is pinned by go.mod/go.sum
// instead of whatever etcd the machine happens to ship.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
