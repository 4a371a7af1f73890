// The compare headline in words (decision 0241), with the one duration text (0150) and spans named
// "service operation" as the trace screen's insights name them.
import type { CompareHeadline } from '../../analysis/compare/index.ts';
import { formatDuration } from '../../model/time.ts';
import { signedDuration as signed } from './signed.ts';

/** E.g. "B took 2.1 s longer; 1.8 s of it on the critical path in payment Charge (self time +1.6 s) and 200 ms of new dark time in checkout PlaceOrder". */
export function headlineSentence(headline: CompareHeadline): string {
  const { difference, criticalPath, darkTime } = headline;
  if (difference === 0) return `A and B took the same time (${formatDuration(headline.durationA)})`;
  const longer = difference > 0;
  const parts = [`B took ${formatDuration(Math.abs(difference))} ${longer ? 'longer' : 'less'}`];
  const details: string[] = [];
  if (criticalPath) {
    const moved = Math.abs(criticalPath.criticalDiff);
    // One node can move more than the whole when others moved back (a parallel branch that was on
    // the path in A and is off it in B): then "of it" would be false.
    const share = moved <= Math.abs(difference) ? 'of it' : longer ? 'more' : 'less';
    details.push(
      `${formatDuration(moved)} ${share} on the critical path in ${criticalPath.service} ${criticalPath.name} (self time ${signed(criticalPath.selfDiff)})`,
    );
  }
  if (darkTime)
    details.push(
      `${formatDuration(Math.abs(darkTime.darkDiff))} ${longer ? 'of new' : 'less'} dark time in ${darkTime.service} ${darkTime.name}`,
    );
  return details.length > 0 ? `${parts[0]}; ${details.join(' and ')}` : parts[0];
}
