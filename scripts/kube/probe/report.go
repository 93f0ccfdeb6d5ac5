package main

// One JSON line per step on stdout, so the test can compare two servers' runs line by line.

import (
	"encoding/json"
	"fmt"
	"os"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

type fields map[string]interface{}

func emit(step string, f fields) {
	if f == nil {
		f = fields{}
	}
	f["step"] = step
	line, err := json.Marshal(f)
	if err != nil {
		line, _ = json.Marshal(fields{"step": step, "marshalError": err.Error()})
	}
	fmt.Fprintln(os.Stdout, string(line))
}

// outcome is what a caller of client-go can branch on: the error helpers' verdicts and the
// Status the server sent (code, reason, message, details), or ok when there was no error.
func outcome(err error) fields {
	if err == nil {
		return fields{"ok": true}
	}
	out := fields{
		"ok":            false,
		"notFound":      apierrors.IsNotFound(err),
		"conflict":      apierrors.IsConflict(err),
		"alreadyExists": apierrors.IsAlreadyExists(err),
		"invalid":       apierrors.IsInvalid(err),
	}
	if s, ok := err.(apierrors.APIStatus); ok {
		st := s.Status()
		out["code"] = st.Code
		out["reason"] = st.Reason
		out["message"] = st.Message
		if st.Details != nil {
			// The uid of a deleted object differs between servers; the rest must not.
			details := *st.Details
			details.UID = ""
			out["details"] = details
		}
	} else {
		// Not a Status: a transport or decoding failure inside client-go, which is the finding.
		out["clientError"] = err.Error()
	}
	return out
}

// withObject adds the object a call returned when it succeeded, and its kind: the typed
// clientset hands objects back without their TypeMeta.
func withObject(err error, kind string, obj interface{}) fields {
	out := outcome(err)
	if err == nil {
		out["kind"] = kind
		out["object"] = obj
	}
	return out
}
