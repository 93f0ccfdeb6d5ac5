package main

// A SharedInformerFactory on pods and deployments, as a controller runs one: its reflectors
// list, then watch with allowWatchBookmarks=true (client-go always asks for bookmarks), and the
// handlers must see an update made through the typed client. A raw watch that asks for
// bookmarks itself checks that every bookmark the server sends decodes as client-go expects.

import (
	"sort"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
)

func (p *probe) informers() {
	factory := informers.NewSharedInformerFactoryWithOptions(p.cs, 0, informers.WithNamespace(p.ns))
	deployInformer := factory.Apps().V1().Deployments()
	podInformer := factory.Core().V1().Pods()

	var mu sync.Mutex
	watchErrors := []string{}
	onWatchError := func(_ *cache.Reflector, err error) {
		// An expired resourceVersion is the reflector's ordinary relist, not a fault.
		if apierrors.IsResourceExpired(err) || apierrors.IsGone(err) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		watchErrors = append(watchErrors, err.Error())
	}
	_ = deployInformer.Informer().SetWatchErrorHandler(onWatchError)
	_ = podInformer.Informer().SetWatchErrorHandler(onWatchError)

	updated := make(chan *appsv1.Deployment, 1)
	deployInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, obj interface{}) {
			if d, ok := obj.(*appsv1.Deployment); ok && d.Labels["probe.io/step"] == "updated" {
				select {
				case updated <- d:
				default:
				}
			}
		},
	})

	stop := make(chan struct{})
	defer close(stop)
	factory.Start(stop)
	deadline := time.After(p.timeout)
	syncStop := make(chan struct{})
	go func() {
		select {
		case <-deadline:
		case <-stop:
		}
		close(syncStop)
	}()
	synced := cache.WaitForCacheSync(syncStop, deployInformer.Informer().HasSynced, podInformer.Informer().HasSynced)
	names := []string{}
	if cached, err := deployInformer.Lister().Deployments(p.ns).List(labels.Everything()); err == nil {
		for _, d := range cached {
			names = append(names, d.Name)
		}
	}
	sort.Strings(names)
	emit("informers synced", fields{"synced": synced, "deployments": names})

	// The deployment's ReplicaSet makes two pods on both servers; the informer must see them.
	webPods := labels.SelectorFromSet(labels.Set{"app": "web"})
	seen := fields{}
	err := wait.PollImmediate(100*time.Millisecond, p.timeout, func() (bool, error) {
		pods, _ := podInformer.Lister().Pods(p.ns).List(webPods)
		owned := 0
		for _, pod := range pods {
			if ref := metav1.GetControllerOf(pod); ref != nil && ref.Kind == "ReplicaSet" {
				owned++
			}
		}
		_, loneErr := podInformer.Lister().Pods(p.ns).Get("lone")
		seen = fields{"webPods": len(pods), "ownedByReplicaSet": owned, "lonePod": loneErr == nil}
		return len(pods) == 2 && owned == 2 && loneErr == nil, nil
	})
	seen["timedOut"] = err != nil
	emit("pod informer sees the deployment's pods", seen)

	// Read, change a label, write back, again on a conflict (the controllers write status
	// meanwhile): the read-modify-write loop of every controller.
	deploys := p.cs.AppsV1().Deployments(p.ns)
	var after *appsv1.Deployment
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := deploys.Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		current.Labels["probe.io/step"] = "updated"
		after, err = deploys.Update(ctx, current, metav1.UpdateOptions{})
		return err
	})
	emit("update deployment", withObject(err, "Deployment", after))
	if err != nil {
		return
	}
	select {
	case d := <-updated:
		emit("deployment informer sees the update", fields{"seen": true, "generation": d.Generation, "labels": d.Labels})
	case <-time.After(p.timeout):
		// Say what the informer holds instead, to tell a lost event from a stalled watch.
		missed := fields{"seen": false}
		if cached, err := deployInformer.Lister().Deployments(p.ns).Get("web"); err == nil {
			missed["cachedLabels"] = cached.Labels
			missed["cachedResourceVersion"] = cached.ResourceVersion
		}
		missed["writtenResourceVersion"] = after.ResourceVersion
		emit("deployment informer sees the update", missed)
	}
	p.bookmarkWatch(after.ResourceVersion)
	mu.Lock()
	emit("informer watch errors", fields{"errors": watchErrors})
	mu.Unlock()
}

// bookmarkWatch watches deployments from a resourceVersion with allowWatchBookmarks, makes a
// change, and reports whether the change arrived and whether every bookmark was well formed
// (a deployment carrying nothing but its resourceVersion). Whether a server sends bookmarks
// at all is its own choice (the real one without a watch cache sends none), so only their form
// is compared.
func (p *probe) bookmarkWatch(from string) {
	deploys := p.cs.AppsV1().Deployments(p.ns)
	w, err := deploys.Watch(ctx, metav1.ListOptions{ResourceVersion: from, AllowWatchBookmarks: true, FieldSelector: "metadata.name=web"})
	if err != nil {
		emit("watch with bookmarks", outcome(err))
		return
	}
	defer w.Stop()
	patch := []byte(`{"metadata":{"annotations":{"probe.io/watched":"yes"}}}`)
	if _, err := deploys.Patch(ctx, "web", "application/merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
		emit("watch with bookmarks", outcome(err))
		return
	}
	result := fields{"sawChange": false, "malformedBookmarks": 0, "errors": []interface{}{}}
	timeout := time.After(p.timeout)
	for done := false; !done; {
		select {
		case ev, open := <-w.ResultChan():
			if !open {
				result["closedEarly"] = true
				done = true
				break
			}
			switch ev.Type {
			case watch.Bookmark:
				d, ok := ev.Object.(*appsv1.Deployment)
				if !ok || d.ResourceVersion == "" || d.Name != "" || d.Spec.Template.Spec.Containers != nil {
					result["malformedBookmarks"] = result["malformedBookmarks"].(int) + 1
				}
			case watch.Error:
				result["errors"] = append(result["errors"].([]interface{}), apierrors.FromObject(ev.Object).Error())
				done = true
			case watch.Modified:
				if d, ok := ev.Object.(*appsv1.Deployment); ok && d.Annotations["probe.io/watched"] == "yes" {
					result["sawChange"] = true
					done = true
				}
			}
		case <-timeout:
			done = true
		}
	}
	emit("watch with bookmarks", result)
}
