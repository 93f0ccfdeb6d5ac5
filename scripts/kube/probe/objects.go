package main

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// No scheduler answers to this name, so neither server binds the pods and they stay put.
const noScheduler = "probe-none"

func int32p(v int32) *int32 { return &v }
func int64p(v int64) *int64 { return &v }

func container() corev1.Container {
	return corev1.Container{
		Name:  "app",
		Image: "nginx:1.27",
		Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 80}},
		Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
			corev1.ResourceCPU:    resource.MustParse("100m"),
			corev1.ResourceMemory: resource.MustParse("64Mi"),
		}},
	}
}

func deployment(app string, replicas int32, labels map[string]string) *appsv1.Deployment {
	match := map[string]string{"app": app}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: app, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: int32p(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: match},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: match},
				Spec:       corev1.PodSpec{SchedulerName: noScheduler, Containers: []corev1.Container{container()}},
			},
		},
	}
}

func pod(name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"probe.io/pod": name}},
		Spec:       corev1.PodSpec{SchedulerName: noScheduler, Containers: []corev1.Container{container()}},
	}
}
