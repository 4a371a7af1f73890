import type { Ref, TextareaHTMLAttributes } from 'react';
import { controlBase, focusRing } from './styles';

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  ref?: Ref<HTMLTextAreaElement>;
}

/** A multi-line text box styled like `TextInput`. */
export function TextArea({ className = '', ...props }: TextAreaProps) {
  return <textarea className={`${controlBase} ${focusRing} ${className}`} {...props} />;
}
