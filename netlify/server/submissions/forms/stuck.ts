/**
 * "I'm stuck": reaches the coach at once, with a subject that says what the client asked for and
 * how soon ("Jordan is stuck: would like a call today") and replies going to the client (the
 * pipeline's coach email always replies to the client). The coach marks it handled on the desk.
 */
import { STUCK_FIELDS, StuckSchema, type Stuck } from '#src/forms/stuck.ts';
import { greetingName } from '#server/emails/greeting.ts';
import type { FormHandler } from './formHandler.ts';
import { validateWith } from './validate.ts';

type Reply = Stuck['reply'];
type HowSoon = Stuck['howSoon'];

const WANTS: Record<Reply, string> = { call: 'a call', email: 'an email' };
const WHEN: Record<HowSoon, string> = { today: ' today', 'this-week': ' this week', 'no-rush': ', no rush' };

/** "would like a call today", "would like an email, no rush". */
export const stuckAsk = ({ reply, howSoon }: Pick<Stuck, 'reply' | 'howSoon'>) => `would like ${WANTS[reply]}${WHEN[howSoon]}`;

const PROMISE: Record<Reply, Record<HowSoon, string>> = {
  call: {
    today: 'You asked for a call today. I will do my best to call you today; if I cannot, I will write and say when I can.',
    'this-week': 'You asked for a call this week. I will be in touch to find a time.',
    'no-rush': 'You asked for a call, no rush. I will be in touch to find a time that suits us both.',
  },
  email: {
    today: 'You asked for an email today. I will do my best to write back today.',
    'this-week': 'You asked for an email this week. I will write back in the next few days.',
    'no-rush': 'You asked for an email, no rush. I will write back soon.',
  },
};

export const stuckForm: FormHandler<Stuck> = {
  kind: 'stuck',
  fieldsFor: () => STUCK_FIELDS,
  validate: (input) => validateWith(StuckSchema, STUCK_FIELDS, input),
  topic: (data) => `stuck: ${stuckAsk(data)}`,
  coachMessage(record, { siteUrl }) {
    const { data } = record;
    const name = greetingName(data);
    const number = data.reply === 'call' ? (data.phone ? ` Their number: ${data.phone}.` : ' They gave no phone number; it may be on their intake.') : '';
    return {
      title: 'Stuck',
      heading: `${name} is stuck`,
      about: stuckAsk(data),
      paragraphs: [
        `${name} ${stuckAsk(data)}.${number}`,
        `When you have been in touch, mark it handled on your desk, where it shows until you do: ${new URL('/coach/stuck/', siteUrl).href}`,
      ],
    };
  },
  clientMessage(record) {
    return {
      subject: 'I got your message',
      paragraphs: [
        'Thank you for telling me. Getting stuck is part of the work, not a sign that it is not working.',
        PROMISE[record.data.reply][record.data.howSoon],
        'If you think of anything else, just reply to this email.',
        'Coaching is not an emergency service: if you are in crisis or worried about your safety, please contact your local emergency number or a crisis line right away.',
      ],
    };
  },
};
