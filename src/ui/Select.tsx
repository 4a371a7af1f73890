import type { Ref, SelectHTMLAttributes } from 'react';
import { controlBase, focusRing } from './styles';

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ className = '', ...props }: SelectProps) {
  return <select className={`${controlBase} ${focusRing} ${className}`} {...props} />;
}
