"""Citizens' pages: open schemes, the step-by-step form, drafts, submission, status, receipt."""
