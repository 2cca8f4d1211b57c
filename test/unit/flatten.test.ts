/** Export rows from a GraphQL answer, driven by the selection (src/exports/flatten.ts), table by table. */
import { parse, type SelectionSetNode } from 'graphql';
import { columnsOf, rowsOf } from '../../src/exports/flatten';

const selection = (query: string) => (parse(query).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet;
const campaign = selection(
  `{ campaignNumber employee: employeesConnection { nodes { email item: items { name asset { holder: assignedUser { email } } } } } }`,
);

it('columns are the selected fields in order, named by their path (aliases, not nodes)', () => {
  expect(columnsOf(campaign).map((column) => column.name)).toEqual([
    'campaignNumber',
    'employee.email',
    'employee.item.name',
    'employee.item.asset.holder.email',
  ]);
});

it.each([
  [
    'a row per innermost element, its parents repeated',
    {
      campaignNumber: '1',
      employee: {
        nodes: [
          {
            email: 'a',
            item: [
              { name: 'x', asset: { holder: { email: 'h' } } },
              { name: 'y', asset: null },
            ],
          },
        ],
      },
    },
    [
      { campaignNumber: '1', 'employee.email': 'a', 'employee.item.name': 'x', 'employee.item.asset.holder.email': 'h' },
      { campaignNumber: '1', 'employee.email': 'a', 'employee.item.name': 'y', 'employee.item.asset.holder.email': null },
    ],
  ],
  [
    'an employee with no item is no item row: the row is the innermost listed entity',
    { campaignNumber: '2', employee: { nodes: [{ email: 'b', item: [] }] } },
    [],
  ],
  ['a campaign without employees is no row (not a phantom employee)', { campaignNumber: '3', employee: { nodes: [] } }, []],
  [
    'an absent object leaves its columns empty (a left join)',
    { campaignNumber: '4', employee: { nodes: [{ email: 'c', item: [{ name: 'iPad', asset: null }] }] } },
    [{ campaignNumber: '4', 'employee.email': 'c', 'employee.item.name': 'iPad', 'employee.item.asset.holder.email': null }],
  ],
])('%s', (_name, value, expected) => {
  expect(rowsOf(value, campaign)).toEqual(expected);
});
