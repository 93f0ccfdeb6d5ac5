package main

// ConfigMaps and Secrets: string and binary data (bytes fields in protobuf, base64 in JSON), a
// Secret's stringData folded into data, a merge patch that removes a key, and immutability.

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func (p *probe) configs() {
	configMaps := p.cs.CoreV1().ConfigMaps(p.ns)
	settings := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "settings", Labels: map[string]string{"probe.io/config": "yes"}},
		Data:       map[string]string{"mode": "fast", "motd": "hello\nworld"},
		BinaryData: map[string][]byte{"blob": {0x00, 0xff, 0x10, 0x80}},
	}
	cm, err := configMaps.Create(ctx, settings, metav1.CreateOptions{})
	emit("create configmap with binaryData", withObject(err, "ConfigMap", cm))

	patch := []byte(`{"data":{"mode":null,"level":"3"}}`)
	cm, err = configMaps.Patch(ctx, "settings", types.MergePatchType, patch, metav1.PatchOptions{})
	emit("json merge patch removes a configmap key", withObject(err, "ConfigMap", cm))

	immutable := true
	frozen, err := configMaps.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "frozen"}, Data: map[string]string{"k": "v"}, Immutable: &immutable}, metav1.CreateOptions{})
	emit("create immutable configmap", withObject(err, "ConfigMap", frozen))
	if err == nil {
		frozen.Data["k"] = "changed"
		_, err = configMaps.Update(ctx, frozen, metav1.UpdateOptions{})
		emit("update immutable configmap", outcome(err))
	}

	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "token"},
		StringData: map[string]string{"user": "probe"},
		Data:       map[string][]byte{"key": {0x01, 0x02}},
	}
	s, err := p.cs.CoreV1().Secrets(p.ns).Create(ctx, secret, metav1.CreateOptions{})
	emit("create secret with stringData", withObject(err, "Secret", s))

	// Dropping the flag is refused as well as changing the data.
	sealed, err := p.cs.CoreV1().Secrets(p.ns).Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "sealed"}, Data: map[string][]byte{"k": []byte("v")}, Immutable: &immutable}, metav1.CreateOptions{})
	emit("create immutable secret", withObject(err, "Secret", sealed))
	if err == nil {
		sealed.Immutable = nil
		sealed.Data["k"] = []byte("changed")
		_, err = p.cs.CoreV1().Secrets(p.ns).Update(ctx, sealed, metav1.UpdateOptions{})
		emit("update immutable secret", outcome(err))
	}
}
