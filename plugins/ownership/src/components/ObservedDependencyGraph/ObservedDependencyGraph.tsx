/*
 * Copyright 2026 The Service Ownership for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DependencyGraphEdge,
  DependencyGraphNode,
} from '@service-ownership/plugin-ownership-common';
import { createContext, MouseEvent, useContext, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  GraphEdgeData,
  GraphNodeData,
  MAX_LABELLED_EDGES,
  toGraph,
} from '../../lib/dependencyGraph';

const useStyles = makeStyles(
  theme => ({
    graph: {
      width: '100%',
      position: 'relative',
    },
    contained: {
      height: '70vh',
      minHeight: 480,
    },
    box: {
      strokeWidth: 1.5,
    },
    root: {
      fill: theme.palette.primary.main,
      stroke: theme.palette.primary.dark,
      strokeWidth: 2.5,
    },
    entity: {
      fill: theme.palette.background.paper,
      stroke: theme.palette.primary.light,
    },
    unowned: {
      fill: theme.palette.background.default,
      stroke: theme.palette.text.secondary,
      strokeDasharray: '6 4',
    },
    user: {
      fill: theme.palette.background.default,
      stroke: theme.palette.divider,
    },
    label: {
      fill: theme.palette.text.primary,
      fontFamily: theme.typography.fontFamily,
      fontSize: 13,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    caption: {
      fill: theme.palette.text.secondary,
      fontFamily: theme.typography.fontFamily,
      fontSize: 11,
    },
    rootText: {
      fill: theme.palette.primary.contrastText,
    },
    link: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover rect, &:focus-visible rect': {
        strokeWidth: 3,
        stroke: theme.palette.secondary.main,
      },
    },
    edgeLabel: {
      fill: theme.palette.text.secondary,
      fontFamily: theme.typography.fontFamily,
      fontSize: 11,
    },
    edgeLabelBackground: {
      fill: theme.palette.background.paper,
      opacity: 0.85,
    },
    highErrorRate: {
      fill: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
    legend: {
      marginTop: theme.spacing(1),
    },
  }),
  { name: 'PluginOwnershipObservedDependencyGraph' },
);

type Classes = ReturnType<typeof useStyles>;

/**
 * What every node and label of one graph shares, computed once per graph rather than per node: styles,
 * and how to link to an entity page.
 */
interface GraphContextValue {
  classes: Classes;
  hrefOf(entityRef: string): string;
  open(href: string): void;
}

const GraphContext = createContext<GraphContextValue | undefined>(undefined);

function useGraphContext(): GraphContextValue {
  const value = useContext(GraphContext);
  if (!value) {
    throw new Error('Graph nodes must be drawn inside ObservedDependencyGraph');
  }
  return value;
}

function isPlainLeftClick(event: MouseEvent) {
  return (
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}

function GraphNodeView(props: { node: GraphNodeData & { id: string } }) {
  const { node } = props;
  const { classes, hrefOf, open } = useGraphContext();
  const isRoot = node.variant === 'root';
  const body = (
    <>
      <title>{node.description}</title>
      <rect
        width={node.boxWidth}
        height={node.boxHeight}
        rx={6}
        className={`${classes.box} ${classes[node.variant]}`}
      />
      <text
        x={12}
        y={19}
        className={
          isRoot ? `${classes.label} ${classes.rootText}` : classes.label
        }
      >
        {node.label}
      </text>
      <text
        x={12}
        y={35}
        className={
          isRoot ? `${classes.caption} ${classes.rootText}` : classes.caption
        }
      >
        {node.caption}
      </text>
    </>
  );
  const href = node.entityRef ? hrefOf(node.entityRef) : undefined;
  return (
    <g
      data-testid="dependency-node"
      data-node-id={node.id}
      data-node-variant={node.variant}
    >
      {href ? (
        // A real link, so the entity page can also be opened in a new tab; plain clicks stay in the app.
        <a
          href={href}
          aria-label={node.description}
          className={classes.link}
          onClick={event => {
            if (isPlainLeftClick(event)) {
              event.preventDefault();
              open(href);
            }
          }}
        >
          {body}
        </a>
      ) : (
        <g role="img" aria-label={node.description}>
          {body}
        </g>
      )}
    </g>
  );
}

function EdgeLabelView(props: { edge: GraphEdgeData }) {
  const { edge } = props;
  const { classes } = useGraphContext();
  return (
    <g>
      <title>{`${edge.rate}, ${edge.errorRate}, ${edge.p99}`}</title>
      <rect
        x={-edge.labelWidth / 2 - 3}
        y={-9}
        width={edge.labelWidth + 6}
        height={16}
        rx={3}
        className={classes.edgeLabelBackground}
      />
      <text className={classes.edgeLabel} textAnchor="middle" y={3}>
        <tspan>{edge.rate} · </tspan>
        <tspan
          className={edge.highErrorRate ? classes.highErrorRate : undefined}
        >
          {edge.errorRate}
        </tspan>
        <tspan> · {edge.p99}</tspan>
      </text>
    </g>
  );
}

// Module-level render functions: DependencyGraph gets the same functions on every render.
function renderNode(
  props: DependencyGraphTypes.RenderNodeProps<GraphNodeData>,
) {
  return <GraphNodeView node={props.node} />;
}

function renderLabel(
  props: DependencyGraphTypes.RenderLabelProps<GraphEdgeData>,
) {
  return <EdgeLabelView edge={props.edge} />;
}

/**
 * Above this many nodes the graph is scaled to fit a fixed height (and zoomed into) rather than grown, and
 * laid out with a faster ranker.
 */
const MAX_GROWN_NODES = 30;

/**
 * Props of {@link ObservedDependencyGraph}.
 */
export interface ObservedDependencyGraphProps {
  nodes: DependencyGraphNode[];
  edges: DependencyGraphEdge[];
  /** What the graph is of, for screen readers. */
  title: string;
}

/**
 * The observed dependency graph, left to right from callers to callees: entities with their owners, trace
 * nodes no entity claims drawn dashed, the entity itself highlighted, each call labelled with its rate,
 * error rate and p99. Entities link to their pages.
 */
export function ObservedDependencyGraph(props: ObservedDependencyGraphProps) {
  const { nodes, edges, title } = props;
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  const navigate = useNavigate();
  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);
  const context = useMemo<GraphContextValue>(
    () => ({
      classes,
      hrefOf: entityRef =>
        entityRoute(entityRouteParams(parseEntityRef(entityRef))),
      open: href => navigate(href),
    }),
    [classes, entityRoute, navigate],
  );
  const contained = graph.nodes.length > MAX_GROWN_NODES;
  return (
    <GraphContext.Provider value={context}>
      <div
        className={
          contained ? `${classes.graph} ${classes.contained}` : classes.graph
        }
      >
        <DependencyGraph<GraphNodeData, GraphEdgeData>
          nodes={graph.nodes}
          edges={graph.edges}
          renderNode={renderNode}
          renderLabel={renderLabel}
          direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
          labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
          // Tight-tree ranking lays out large graphs in about half the time, with the same ranks for
          // graphs as shallow as these (at most 3 hops each way).
          ranker={
            contained
              ? DependencyGraphTypes.Ranker.TIGHT_TREE
              : DependencyGraphTypes.Ranker.NETWORK_SIMPLEX
          }
          rankMargin={graph.labelled ? 100 : 60}
          nodeMargin={16}
          paddingX={16}
          paddingY={16}
          showArrowHeads
          zoom="enabled"
          fit={contained ? 'contain' : 'grow'}
          role="group"
          aria-label={title}
        />
      </div>
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        className={classes.legend}
      >
        Highlighted: this entity. Dashed: trace nodes no catalog entity claims.
        Scroll to zoom, drag to pan.
        {graph.hiddenEdges > 0 &&
          ` Showing the ${graph.edges.length} busiest of ${
            graph.edges.length + graph.hiddenEdges
          } calls (each node with at least the call that links it); the table below lists every call.`}
        {graph.hiddenEdges === 0 &&
          !graph.labelled &&
          ` Call labels are hidden for graphs of more than ${MAX_LABELLED_EDGES} calls; the table below lists every call.`}
      </Typography>
    </GraphContext.Provider>
  );
}
