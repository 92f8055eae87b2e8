// Placeholder until the benchmark lands.
print("checkpoint-bench is not built in this revision")
