// A server component page: the README's quick start, unchanged.
import { CascadeChat } from '@cascadekit/react';
import '@cascadekit/react/styles.css';

export default function Page() {
  return <CascadeChat endpoint="/api/cascade" />;
}
