// The chat against the edge-runtime route (app/api/edge/[...cascade]/route.ts).
import { CascadeChat } from '@cascadekit/react';
import '@cascadekit/react/styles.css';

export default function EdgePage() {
  return <CascadeChat endpoint="/api/edge/cascade" />;
}
