// Preloaded into a measured process (`node -r bench/cpuUsage.cjs ...`): writes its own CPU
// time to $BENCH_CPU_FILE when it exits, a figure the machine's other load moves less than
// wall time (the CPU of child processes it runs, such as git, is not in it).
process.on('exit', () => {
  if (!process.env.BENCH_CPU_FILE) return;
  const u = process.cpuUsage();
  require('node:fs').writeFileSync(process.env.BENCH_CPU_FILE, JSON.stringify({ userMs: u.user / 1000, systemMs: u.system / 1000 }));
});
