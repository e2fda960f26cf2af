/**
 * `npm run bench`: every benchmark of the project, each reporting ratios against a baseline measured
 * in the same run. `PVKIT_BENCH=build,cpu` selects; `PVKIT_BENCH_BIG=0` skips the 1 GiB case.
 */
const wanted = new Set((process.env['PVKIT_BENCH'] ?? 'build,cpu').split(','));

if (wanted.has('build')) {
  const { benchBuild } = await import('./build.js');
  console.log('== builder');
  for (const line of await benchBuild({ big: process.env['PVKIT_BENCH_BIG'] !== '0' })) console.log(line);
}
if (wanted.has('cpu')) {
  console.log('== cpu');
  try {
    const cpuModule = './cpu.js'; // written by the CPU work; absent in older trees
    const mod = (await import(cpuModule)) as { benchCpu?: () => Promise<string[]> };
    if (mod.benchCpu) for (const line of await mod.benchCpu()) console.log(line);
  } catch (e) {
    console.log(`cpu benchmark unavailable: ${(e as Error).message}`);
  }
}
