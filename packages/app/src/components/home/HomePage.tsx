import { Content, Header, Page } from '@backstage/core-components';
import {
  CustomHomepageGrid,
  HomePageRecentlyVisited,
  HomePageStarredEntities,
  HomePageToolkit,
  HomePageTopVisited,
  WelcomeTitle,
} from '@backstage/plugin-home';
import { HomePageSearchBar } from '@backstage/plugin-search';
import {
  HomePageOnCallCard,
  HomePageStaleDocsCard,
} from '@service-ownership/plugin-ownership';
import CategoryIcon from '@material-ui/icons/Category';
import DescriptionIcon from '@material-ui/icons/Description';
import GroupIcon from '@material-ui/icons/People';

/** Cards every user starts with; each user can rearrange, resize, add and remove cards ("Edit"). */
const defaultConfig = [
  { component: 'HomePageSearchBar', x: 0, y: 0, width: 24, height: 2 },
  // What needs the signed-in user first: who is on call for their teams, and their teams' docs to review.
  { component: 'HomePageOnCallCard', x: 0, y: 2, width: 12, height: 6 },
  { component: 'HomePageStaleDocsCard', x: 12, y: 2, width: 12, height: 6 },
  { component: 'HomePageStarredEntities', x: 0, y: 8, width: 12, height: 6 },
  { component: 'HomePageRecentlyVisited', x: 12, y: 8, width: 12, height: 6 },
  { component: 'HomePageToolkit', x: 0, y: 14, width: 12, height: 4 },
];

/**
 * The portal's home page: a customizable grid (`@backstage/plugin-home`) where the suite's home page
 * cards are added as they arrive.
 */
export function HomePage() {
  return (
    <Page themeId="home">
      <Header title={<WelcomeTitle />} pageTitleOverride="Home" />
      <Content>
        <CustomHomepageGrid config={defaultConfig}>
          <HomePageSearchBar />
          <HomePageStarredEntities />
          <HomePageRecentlyVisited />
          <HomePageTopVisited />
          <HomePageOnCallCard />
          <HomePageStaleDocsCard />
          <HomePageToolkit
            tools={[
              {
                url: '/catalog?filters[kind]=component&filters[user]=owned',
                label: 'What my teams own',
                icon: <CategoryIcon />,
              },
              {
                url: '/catalog/default/group/team-checkout/ownership',
                label: 'Team Checkout',
                icon: <GroupIcon />,
              },
              {
                url: '/catalog/default/system/shop/ownership',
                label: 'Shop system',
                icon: <DescriptionIcon />,
              },
            ]}
          />
        </CustomHomepageGrid>
      </Content>
    </Page>
  );
}
