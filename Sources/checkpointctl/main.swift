// Placeholder until the operator CLI lands.
print("checkpointctl is not built in this revision")
