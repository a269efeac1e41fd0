"""The process and its machine: files made at start-up, telling a full disk."""
