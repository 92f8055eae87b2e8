// Placeholder until the station terminal lands.
print("checkpoint-station is not built in this revision")
