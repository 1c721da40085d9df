"""Background jobs of the workflow kit: none. Deadline reminders belong to the modules that own the cases."""
