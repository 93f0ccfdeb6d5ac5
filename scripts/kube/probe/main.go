// kube-probe drives a Kubernetes API server through client-go, the client every controller is
// built on (Karpenter included), and prints one JSON line per step. The differential tier runs
// it against the real kube-apiserver and the sandbox and compares the two runs.
//
//	kube-probe --kubeconfig FILE --namespace NAME [--content-type json|protobuf]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// What kube-controller-manager and kube-scheduler configure for their own clients: protobuf
// bodies, protobuf answers preferred with JSON accepted (custom resources have no protobuf).
const protobuf = "application/vnd.kubernetes.protobuf"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the server to probe")
	namespace := flag.String("namespace", "probe", "namespace the scenario creates and deletes")
	contentType := flag.String("content-type", "json", "request bodies: json or protobuf")
	timeout := flag.Duration("timeout", 90*time.Second, "how long any one wait may take")
	flag.Parse()
	if *kubeconfig == "" || (*contentType != "json" && *contentType != "protobuf") {
		fmt.Fprintln(os.Stderr, "usage: kube-probe --kubeconfig FILE --namespace NAME [--content-type json|protobuf] [--timeout 90s]")
		os.Exit(2)
	}

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubeconfig:", err)
		os.Exit(2)
	}
	cfg.UserAgent = "nodelanes-kube-probe"
	cfg.QPS, cfg.Burst = 100, 200
	if *contentType == "protobuf" {
		cfg.ContentType = protobuf
		cfg.AcceptContentTypes = protobuf + ",application/json"
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(2)
	}
	run(&probe{cs: cs, ns: *namespace, timeout: *timeout})
}
