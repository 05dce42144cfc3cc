
import http from 'k6/http';
import { check } from 'k6';

export const options = {
  vus: 10000,             // 동시 사용자 수
  duration: '10s',     // 테스트 시간
};

export default function () {
  const res = http.get(__ENV.TARGET);

  check(res, {
    'status is 200': (r) => r.status === 200,
    'body is VM 0/1/2': (r) =>
      r.body.includes('Hello from VM 0') ||
      r.body.includes('Hello from VM 1') ||
      r.body.includes('Hello from VM 2'),
  });
}



