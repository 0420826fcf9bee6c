// Express 4, installed beside Express 5 under an alias for the host tests. Its API as the tests
// use it (express(), use, get, json, text, raw, static) is Express 5's, whose types are installed.
declare module 'express-4' {
  import express = require('express');
  export = express;
}
