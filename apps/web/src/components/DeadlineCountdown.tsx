import { useNow } from '../hooks/useNow';
import { formatInstant, interestDeadlineState } from '../lib/time';

interface Props {
  deadline?: string;
  allocatedAt?: string | null;
}

/**
 * The interest deadline in Copenhagen time with a live countdown. The timer itself is not live (it would speak every
 * second); a hidden polite region announces it in coarse steps and when the deadline fires.
 */
export function DeadlineCountdown({ deadline, allocatedAt }: Props) {
  const now = useNow(1000);
  const state = interestDeadlineState(deadline, now, allocatedAt);
  return (
    <div className="countdown">
      {deadline && (
        <time dateTime={deadline} className="countdown__when">
          {formatInstant(deadline)}
        </time>
      )}
      <span role="timer" className={`countdown__timer countdown__timer--${state.phase}`}>
        {state.text}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {state.announcement}
      </span>
    </div>
  );
}
