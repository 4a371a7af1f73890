import type { InputHTMLAttributes, Ref } from 'react';
import { controlBase, focusRing } from './styles';

export interface TextInputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
}

export function TextInput({ className = '', type = 'text', ...props }: TextInputProps) {
  return <input type={type} className={`${controlBase} ${focusRing} ${className}`} {...props} />;
}
