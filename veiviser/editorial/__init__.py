"""Publishing from the browser: editors' accounts and roles, drafts, review and history."""
