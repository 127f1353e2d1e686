import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.js';

describe('masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['138-1234-1234', '138****1234'],
    ['075512345678', '075*****5678'], // 12-digit landline: first 3 and last 4
    ['12345678', '123*5678'], // 8 characters: the shortest that keeps ends
    ['1234567', '*******'],
    ['110', '***'],
    ['', ''],
  ])('maskPhone(%j) = %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['460100199001011234', '460***********1234'],
    ['46010019900101123X', '460***********123X'],
    ['460100900101123', '460********1123'], // legacy 15-digit number: same length
    ['1234567', '*******'],
    ['', ''],
  ])('maskIdNumber(%j) = %j', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
    expect(maskIdNumber(input)).toHaveLength(input.length);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王', '王'],
    ['阿卜杜·艾尼', '阿*****'],
    ['𠮷野家', '𠮷**'], // a character outside the BMP counts as one
    ['Li Lei', 'L*****'],
    ['', ''],
  ])('maskName(%j) = %j', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});
