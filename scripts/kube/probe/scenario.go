package main

// The scenario, step by step. Every step prints what a controller author would look at:
// the object a call returned, or the error helpers' verdict and the server's Status.

import (
	"context"
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

type probe struct {
	cs      kubernetes.Interface
	ns      string
	timeout time.Duration
}

var ctx = context.Background()

const pageLabel = "probe.io/page=yes"

func run(p *probe) {
	ns, err := p.cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: p.ns, Labels: map[string]string{"probe.io/run": "yes"}}}, metav1.CreateOptions{})
	emit("create namespace", withObject(err, "Namespace", ns))

	deploys := p.cs.AppsV1().Deployments(p.ns)
	web := deployment("web", 2, map[string]string{"app": "web", "probe.io/step": "created"})
	created, err := deploys.Create(ctx, web, metav1.CreateOptions{})
	emit("create deployment", withObject(err, "Deployment", created))
	if err != nil {
		// The typed client hands back an empty object with the error; later steps need the real one.
		created = nil
	}
	_, err = deploys.Create(ctx, web, metav1.CreateOptions{})
	emit("create deployment again", outcome(err))
	lone, err := p.cs.CoreV1().Pods(p.ns).Create(ctx, pod("lone"), metav1.CreateOptions{})
	emit("create pod", withObject(err, "Pod", lone))

	p.informers()

	if created != nil {
		stale := created.DeepCopy()
		stale.Labels["probe.io/step"] = "stale"
		_, err = deploys.Update(ctx, stale, metav1.UpdateOptions{})
		emit("update with a stale resourceVersion", outcome(err))
	}
	p.patches()
	p.configs()
	p.missing()
	p.pages()
	p.deletes(created)
}

func (p *probe) patches() {
	deploys := p.cs.AppsV1().Deployments(p.ns)
	smp := `{"metadata":{"labels":{"probe.io/patched":"strategic"}},"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","value":"probe"}]}]}}}}`
	d, err := deploys.Patch(ctx, "web", types.StrategicMergePatchType, []byte(smp), metav1.PatchOptions{})
	emit("strategic merge patch (containers merged by name)", withObject(err, "Deployment", d))

	merge := `{"metadata":{"annotations":{"probe.io/note":"merged"},"labels":{"probe.io/patched":null}},"spec":{"replicas":3}}`
	d, err = deploys.Patch(ctx, "web", types.MergePatchType, []byte(merge), metav1.PatchOptions{})
	emit("json merge patch", withObject(err, "Deployment", d))

	// A merge patch replaces lists whole: the container loses its ports, resources and env.
	replace := `{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}`
	d, err = deploys.Patch(ctx, "web", types.MergePatchType, []byte(replace), metav1.PatchOptions{})
	emit("json merge patch replaces the container list", withObject(err, "Deployment", d))
}

func (p *probe) missing() {
	_, err := p.cs.AppsV1().Deployments(p.ns).Get(ctx, "missing", metav1.GetOptions{})
	emit("get a missing deployment", outcome(err))
	_, err = p.cs.CoreV1().Pods(p.ns).Get(ctx, "missing", metav1.GetOptions{})
	emit("get a missing pod", outcome(err))
	_, err = p.cs.CoreV1().Namespaces().Get(ctx, p.ns+"-missing", metav1.GetOptions{})
	emit("get a missing namespace", outcome(err))
}

func (p *probe) pages() {
	deploys := p.cs.AppsV1().Deployments(p.ns)
	for _, name := range []string{"page-3", "page-1", "page-4", "page-0", "page-2"} {
		_, err := deploys.Create(ctx, deployment(name, 0, map[string]string{"probe.io/page": "yes"}), metav1.CreateOptions{})
		if err != nil {
			emit("create page deployment "+name, outcome(err))
		}
	}
	generated := deployment("generated", 0, map[string]string{"probe.io/page": "yes"})
	generated.Name, generated.GenerateName = "", "gen-"
	d, err := deploys.Create(ctx, generated, metav1.CreateOptions{})
	emit("create with generateName", withObject(err, "Deployment", d))

	var pages []fields
	opts := metav1.ListOptions{LabelSelector: pageLabel, Limit: 2}
	for i := 0; i < 10; i++ {
		list, err := deploys.List(ctx, opts)
		if err != nil {
			pages = append(pages, outcome(err))
			break
		}
		names := []string{}
		for _, item := range list.Items {
			names = append(names, item.Name)
		}
		page := fields{"names": names, "more": list.Continue != ""}
		if list.RemainingItemCount != nil {
			page["remainingItemCount"] = *list.RemainingItemCount
		}
		pages = append(pages, page)
		if list.Continue == "" {
			break
		}
		opts.Continue = list.Continue
	}
	emit("list with limit and continue", fields{"pages": pages})

	_, err = deploys.List(ctx, metav1.ListOptions{Limit: 2, Continue: "not-a-continue-token"})
	emit("list with a malformed continue token", outcome(err))
}

func (p *probe) deletes(created *appsv1.Deployment) {
	pods := p.cs.CoreV1().Pods(p.ns)
	deploys := p.cs.AppsV1().Deployments(p.ns)

	// DeleteOptions travel in the body, in the client's content type: a server that did not read
	// them would delete for real here, and ignore the stale precondition below.
	err := deploys.Delete(ctx, "web", metav1.DeleteOptions{DryRun: []string{metav1.DryRunAll}})
	emit("delete deployment with dryRun", outcome(err))
	_, err = deploys.Get(ctx, "web", metav1.GetOptions{})
	emit("get the deployment deleted with dryRun", outcome(err))
	if created != nil {
		err = deploys.Delete(ctx, "web", metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &created.ResourceVersion}})
		emit("delete with a stale resourceVersion precondition", outcome(err))
	}
	err = pods.Delete(ctx, "lone", metav1.DeleteOptions{GracePeriodSeconds: int64p(0)})
	emit("delete pod with grace period 0", outcome(err))
	_, err = pods.Get(ctx, "lone", metav1.GetOptions{})
	emit("get the deleted pod", outcome(err))

	background := metav1.DeletePropagationBackground
	err = deploys.Delete(ctx, "web", metav1.DeleteOptions{PropagationPolicy: &background})
	emit("delete deployment", outcome(err))
	_, err = deploys.Get(ctx, "web", metav1.GetOptions{})
	emit("get the deleted deployment", outcome(err))

	err = deploys.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: pageLabel})
	emit("delete collection by label", outcome(err))
	left, err := deploys.List(ctx, metav1.ListOptions{LabelSelector: pageLabel})
	remaining := outcome(err)
	if err == nil {
		names := []string{}
		for _, d := range left.Items {
			names = append(names, d.Name)
		}
		sort.Strings(names)
		remaining["names"] = names
	}
	emit("list after delete collection", remaining)

	err = p.cs.CoreV1().Namespaces().Delete(ctx, p.ns, metav1.DeleteOptions{})
	emit("delete namespace", outcome(err))
	// The real namespace controller empties the namespace first: poll until it is gone.
	gone := wait.PollImmediate(200*time.Millisecond, p.timeout, func() (bool, error) {
		_, err := p.cs.CoreV1().Namespaces().Get(ctx, p.ns, metav1.GetOptions{})
		return err != nil && outcome(err)["notFound"] == true, nil
	}) == nil
	emit("namespace gone", fields{"gone": gone})
}
