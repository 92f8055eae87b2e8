// Placeholder: this target's files are being written.
