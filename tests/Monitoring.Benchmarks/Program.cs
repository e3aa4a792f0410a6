using BenchmarkDotNet.Running;

// Runs the benchmarks named by --filter; see docs/benchmarks.md for the commands and figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
