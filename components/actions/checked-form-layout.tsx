// The layout of a checked form: its fields on the left, the buttons and the check's answer on the
// right. Enter (the form's submit) runs the check, never the commit.
import type { ReactNode } from 'react';

export function CheckedFormLayout({ onCheck, fields, answer }: { onCheck: () => void; fields: ReactNode; answer: ReactNode }) {
  return (
    <form
      className="grid gap-8 lg:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        onCheck();
      }}
    >
      <div className="space-y-6">{fields}</div>
      <div className="space-y-4">{answer}</div>
    </form>
  );
}
